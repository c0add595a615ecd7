// Purpose: organisations open on $as_of linked by their people's ties, with the number of ties
//   (ties that hold then, between people in post)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (organisation ids, source < target), ties
MATCH (a:Organisation)<-[:WORKS_FOR]-(m:Person)-[k:KNOWS]-(n:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id < b.id AND (coalesce(a.closed, '') = '' OR a.closed > $as_of) AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
  AND coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) AND coalesce(n.`start`, '') <= $as_of AND (coalesce(n.`left`, '') = '' OR n.`left` > $as_of)
  AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
RETURN a.id AS source, b.id AS target, count(*) AS ties
