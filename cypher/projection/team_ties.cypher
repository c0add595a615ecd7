// Purpose: teams linked by their people's ties, with the number of ties
// Parameters: none
// Returns: source, target (team ids, source < target), ties
MATCH (a:Team)<-[:WORKS_IN]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id < b.id
RETURN a.id AS source, b.id AS target, count(*) AS ties
