// Purpose: organisations linked by their people's ties, with the number of ties
// Parameters: none
// Returns: source, target (organisation ids, source < target), ties
MATCH (a:Organisation)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id < b.id
RETURN a.id AS source, b.id AS target, count(*) AS ties
