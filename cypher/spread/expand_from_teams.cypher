// Purpose: one level of the breadth-first search for spread routes, from the teams
//   in the frontier: every neighbour over PART_OF Organisation, WORKS_IN Person, MEMBER_OF Partnership,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Team nodes
//   $as_of  the as-of date, YYYY-MM-DD: only what is present then (ecograph/asof.py)
// Returns: source (frontier id), target (neighbour id), step ('Team|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Team)-[:PART_OF]->(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Team|PART_OF|Organisation' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Team)<-[:WORKS_IN]-(b:Person)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of) AND NOT EXISTS { MATCH (b)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN a.id AS source, b.id AS target, 'Team|WORKS_IN|Person' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Team)-[:MEMBER_OF]->(b:Partnership)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`end`, '') = '' OR b.`end` >= $as_of)
RETURN a.id AS source, b.id AS target, 'Team|MEMBER_OF|Partnership' AS step
