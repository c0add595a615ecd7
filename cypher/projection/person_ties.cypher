// Purpose: people who work together on $as_of (KNOWS, stored once per pair): the tie holds and
//   both are in post (the projection drops people of closed organisations with their nodes)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (person ids)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of)
  AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
RETURN a.id AS source, b.id AS target
