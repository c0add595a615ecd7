// Purpose: the KNOWS ties of some people (either end), for the map of one ICS
// Parameters: $people  list of person ids
// Returns: source, target, context (a tie between two of the people comes twice)
UNWIND $people AS k
MATCH (a:Person)-[x:KNOWS]->(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, x.context AS context
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[x:KNOWS]->(b:Person)
WHERE b.id = k
RETURN a.id AS source, b.id AS target, x.context AS context
