// Purpose: the partnerships each organisation takes part in, itself or through its teams or people
// Parameters: none
// Returns: member (organisation id), partnership (partnership id), formal
MATCH (o:Organisation)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership, p.formal AS formal
UNION
MATCH (o:Organisation)<-[:PART_OF]-(:Team)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership, p.formal AS formal
UNION
MATCH (o:Organisation)<-[:WORKS_FOR]-(:Person)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership, p.formal AS formal
