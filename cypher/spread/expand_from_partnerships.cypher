// Purpose: one level of the breadth-first search for spread routes, from the partnerships
//   in the frontier: every neighbour over MEMBER_OF Organisation, MEMBER_OF Team, MEMBER_OF Person,
//   in either direction. Python keeps the neighbours not seen before and their parents.
// Parameters: $ids  ids of the frontier's Partnership nodes
// Returns: source (frontier id), target (neighbour id), step ('Partnership|TYPE|TargetLabel': the
//   labels at both ends and the relationship type; the direction follows from the model)
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Organisation)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Organisation' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Team)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Team' AS step
UNION ALL
UNWIND $ids AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Person)
WHERE a.id = k
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Person' AS step
