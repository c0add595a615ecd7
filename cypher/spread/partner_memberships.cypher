// Purpose: the partnerships each organisation takes part in, itself or through its teams or
//   people: organisations sharing one are partners (as in the organisation projection)
// Parameters: none
// Returns: member (organisation id), partnership (partnership id)
MATCH (o:Organisation)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership
UNION
MATCH (o:Organisation)<-[:PART_OF]-(:Team)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership
UNION
MATCH (o:Organisation)<-[:WORKS_FOR]-(:Person)-[:MEMBER_OF]->(p:Partnership)
RETURN o.id AS member, p.id AS partnership
