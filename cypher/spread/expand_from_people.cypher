// Purpose: one level of the breadth-first search for spread routes, from the people
//   in the frontier: every neighbour over WORKS_FOR Organisation, WORKS_IN Team, KNOWS Person, MEMBER_OF Partnership,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Person nodes
//   $as_of  the as-of date, YYYY-MM-DD: only what is present then (ecograph/asof.py)
// Returns: source (frontier id), target (neighbour id), step ('Person|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Person|WORKS_FOR|Organisation' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id = k AND EXISTS { MATCH (b)-[:PART_OF]->(c:Organisation) WHERE (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN a.id AS source, b.id AS target, 'Person|WORKS_IN|Team' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Person)-[r:KNOWS]-(b:Person)
WHERE a.id = k AND coalesce(r.`start`, '') <= $as_of AND (coalesce(r.`end`, '') = '' OR r.`end` >= $as_of)
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
WITH a, b
WHERE coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of) AND NOT EXISTS { MATCH (b)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN a.id AS source, b.id AS target, 'Person|KNOWS|Person' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Person)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`end`, '') = '' OR b.`end` >= $as_of)
RETURN a.id AS source, b.id AS target, 'Person|MEMBER_OF|Partnership' AS step
