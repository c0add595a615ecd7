// Purpose: one level of the breadth-first search for spread routes, from the teams
//   in the frontier: every neighbour over PART_OF Organisation, WORKS_IN Person, MEMBER_OF Partnership,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Team nodes
// Returns: source (frontier id), target (neighbour id), step ('Team|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Team)-[:PART_OF]->(b:Organisation)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|PART_OF|Organisation' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Team)<-[:WORKS_IN]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|WORKS_IN|Person' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Team)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|MEMBER_OF|Partnership' AS step
