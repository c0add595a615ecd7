// Purpose: one level of the breadth-first search for spread routes, from the partnerships
//   in the frontier: every neighbour over MEMBER_OF Organisation, MEMBER_OF Team, MEMBER_OF Person,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Partnership nodes
//   $as_of  the as-of date, YYYY-MM-DD: only what is present then (ecograph/asof.py)
// Returns: source (frontier id), target (neighbour id), step ('Partnership|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Organisation' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Team)
WHERE a.id = k AND EXISTS { MATCH (b)-[:PART_OF]->(c:Organisation) WHERE (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Team' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Person)
WHERE a.id = k AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of) AND NOT EXISTS { MATCH (b)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Person' AS step
