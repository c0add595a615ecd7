// Purpose: pairs of people in the same team, both in post on $as_of at an open organisation (every
//   pair is a row, so the rows also give each team's size)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (person ids, source < target), via (team id)
MATCH (a:Person)-[:WORKS_IN]->(t:Team)<-[:WORKS_IN]-(b:Person)
WHERE a.id < b.id AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of)
  AND EXISTS { MATCH (t)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
RETURN a.id AS source, b.id AS target, t.id AS via
