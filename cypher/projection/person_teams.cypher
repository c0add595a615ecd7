// Purpose: the teams each person works in (the person projection links people who share a team)
// Parameters: none
// Returns: member (person id), team (team id)
MATCH (a:Person)-[:WORKS_IN]->(t:Team)
RETURN a.id AS member, t.id AS team
