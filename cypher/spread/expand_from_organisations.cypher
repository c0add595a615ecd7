// Purpose: one level of the breadth-first search for spread routes, from the organisations
//   in the frontier: every neighbour over WORKS_FOR Person, PART_OF Team, MEMBER_OF Partnership,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Organisation nodes
//   $as_of  the as-of date, YYYY-MM-DD: only what is present then (ecograph/asof.py)
// Returns: source (frontier id), target (neighbour id), step ('Organisation|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Organisation)<-[:WORKS_FOR]-(b:Person)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of)
RETURN a.id AS source, b.id AS target, 'Organisation|WORKS_FOR|Person' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Organisation)<-[:PART_OF]-(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Organisation|PART_OF|Team' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Organisation)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`end`, '') = '' OR b.`end` >= $as_of)
RETURN a.id AS source, b.id AS target, 'Organisation|MEMBER_OF|Partnership' AS step
