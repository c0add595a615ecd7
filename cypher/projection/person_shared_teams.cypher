// Purpose: pairs of people in the same team
// Parameters: none
// Returns: source, target (person ids, source < target), via (team id)
MATCH (a:Person)-[:WORKS_IN]->(t:Team)<-[:WORKS_IN]-(b:Person)
WHERE a.id < b.id
RETURN a.id AS source, b.id AS target, t.id AS via
