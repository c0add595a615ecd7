// Purpose: one level of the breadth-first search for spread routes: every neighbour of the
//   frontier over the route relationships (WORKS_FOR, WORKS_IN, PART_OF, KNOWS, MEMBER_OF),
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $organisations, $people, $teams, $partnerships  the frontier's ids by label
//   (any may be empty)
// Returns: source (frontier id), target (neighbour id), step ('SourceLabel|TYPE|TargetLabel':
//   the labels at both ends and the relationship type; the direction follows from the model)
UNWIND $organisations AS k
MATCH (a:Organisation)<-[:WORKS_FOR]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Organisation|WORKS_FOR|Person' AS step
UNION ALL
UNWIND $organisations AS k
MATCH (a:Organisation)<-[:PART_OF]-(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Organisation|PART_OF|Team' AS step
UNION ALL
UNWIND $organisations AS k
MATCH (a:Organisation)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Organisation|MEMBER_OF|Partnership' AS step
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Person|WORKS_FOR|Organisation' AS step
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Person|WORKS_IN|Team' AS step
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[:KNOWS]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Person|KNOWS|Person' AS step
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Person|MEMBER_OF|Partnership' AS step
UNION ALL
UNWIND $teams AS k
MATCH (a:Team)-[:PART_OF]->(b:Organisation)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|PART_OF|Organisation' AS step
UNION ALL
UNWIND $teams AS k
MATCH (a:Team)<-[:WORKS_IN]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|WORKS_IN|Person' AS step
UNION ALL
UNWIND $teams AS k
MATCH (a:Team)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Team|MEMBER_OF|Partnership' AS step
UNION ALL
UNWIND $partnerships AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Organisation)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Organisation' AS step
UNION ALL
UNWIND $partnerships AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Team' AS step
UNION ALL
UNWIND $partnerships AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Person' AS step
