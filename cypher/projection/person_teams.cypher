// Purpose: the teams each person in post on $as_of works in, in open organisations (the person
//   projection links people who share a team)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: member (person id), team (team id)
MATCH (a:Person)-[:WORKS_IN]->(t:Team)
WHERE coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of)
  AND EXISTS { MATCH (t)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
RETURN a.id AS member, t.id AS team
