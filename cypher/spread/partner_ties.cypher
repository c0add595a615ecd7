// Purpose: pairs of organisations whose people know each other (KNOWS), for exposure and
//   similarity; the same links as the organisation projection's ties (cypher/projection/),
//   read once per stored tie direction, which is about twice as fast
// Parameters: none
// Returns: source, target (organisation ids; a pair may come back in both orders)
MATCH (a:Organisation)<-[:WORKS_FOR]-(:Person)-[:KNOWS]->(:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id <> b.id
RETURN DISTINCT a.id AS source, b.id AS target
