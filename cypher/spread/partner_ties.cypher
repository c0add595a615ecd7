// Purpose: pairs of organisations whose people know each other (KNOWS), for exposure and
//   similarity; the same links as the organisation projection's ties (cypher/projection/),
//   read once per stored tie direction, which is about twice as fast
// Parameters: $as_of  the as-of date, YYYY-MM-DD: ties that hold then, between people in post at
//   open organisations (ecograph/asof.py)
// Returns: source, target (organisation ids; a pair may come back in both orders)
MATCH (a:Organisation)<-[:WORKS_FOR]-(m:Person)-[k:KNOWS]->(n:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id <> b.id AND (coalesce(a.closed, '') = '' OR a.closed > $as_of) AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
  AND coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) AND coalesce(n.`start`, '') <= $as_of AND (coalesce(n.`left`, '') = '' OR n.`left` > $as_of)
  AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
RETURN DISTINCT a.id AS source, b.id AS target
