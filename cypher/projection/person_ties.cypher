// Purpose: people who work together (KNOWS, stored once per pair)
// Parameters: none
// Returns: source, target (person ids)
MATCH (a:Person)-[:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target
