// Purpose: teams of open organisations linked by their people's ties on $as_of (ties that hold,
//   between people in post), with the number of ties
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (team ids, source < target), ties
MATCH (a:Team)<-[:WORKS_IN]-(m:Person)-[k:KNOWS]-(n:Person)-[:WORKS_IN]->(b:Team)
WHERE a.id < b.id AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
  AND EXISTS { MATCH (a)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
  AND EXISTS { MATCH (b)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
WITH a, b, count(CASE WHEN coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) AND coalesce(n.`start`, '') <= $as_of AND (coalesce(n.`left`, '') = '' OR n.`left` > $as_of) THEN 1 END) AS ties
WHERE ties > 0
RETURN a.id AS source, b.id AS target, ties
