// Purpose: expand_from_people.cypher for a small frontier (up to a few hundred people): the same
//   rows, but a filter on the ids instead of a join with them, which on LadybugDB avoids
//   scanning every KNOWS relationship (0.01 s instead of 0.2 s for 10 people out of 100,000)
// Parameters: $ids  ids of the frontier's Person nodes
// Returns: source (frontier id), target (neighbour id), step ('Person|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
MATCH (a:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id IN $ids
RETURN a.id AS source, b.id AS target, 'Person|WORKS_FOR|Organisation' AS step
UNION ALL
MATCH (a:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id IN $ids
RETURN a.id AS source, b.id AS target, 'Person|WORKS_IN|Team' AS step
UNION ALL
MATCH (a:Person)-[:KNOWS]-(b:Person)
WHERE a.id IN $ids
RETURN a.id AS source, b.id AS target, 'Person|KNOWS|Person' AS step
UNION ALL
MATCH (a:Person)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id IN $ids
RETURN a.id AS source, b.id AS target, 'Person|MEMBER_OF|Partnership' AS step
