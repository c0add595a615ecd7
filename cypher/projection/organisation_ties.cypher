// Purpose: organisations open on $as_of linked by their people's ties, with the number of ties
//   (ties that hold then, between people in post)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (organisation ids, source < target), ties
MATCH (a:Organisation)<-[:WORKS_FOR]-(m:Person)-[k:KNOWS]-(n:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id < b.id AND (coalesce(a.closed, '') = '' OR a.closed > $as_of) AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
  AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
WITH a, b, count(CASE WHEN coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) AND coalesce(n.`start`, '') <= $as_of AND (coalesce(n.`left`, '') = '' OR n.`left` > $as_of) THEN 1 END) AS ties
WHERE ties > 0
RETURN a.id AS source, b.id AS target, ties
