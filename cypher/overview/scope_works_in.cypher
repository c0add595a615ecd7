// Purpose: the teams some people work in, for the map of one ICS
// Parameters: $people  list of person ids
// Returns: source (person id), target (team id)
UNWIND $people AS k
MATCH (a:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target
