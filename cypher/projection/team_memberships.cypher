// Purpose: the partnerships each team takes part in, itself or through its people
// Parameters: none
// Returns: member (team id), partnership (partnership id), formal
MATCH (t:Team)-[:MEMBER_OF]->(p:Partnership)
RETURN t.id AS member, p.id AS partnership, p.formal AS formal
UNION
MATCH (t:Team)<-[:WORKS_IN]-(:Person)-[:MEMBER_OF]->(p:Partnership)
RETURN t.id AS member, p.id AS partnership, p.formal AS formal
