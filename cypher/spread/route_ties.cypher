// Purpose: the people ties (KNOWS) that hold on $as_of, once per stored direction; whether both
//   people are in post is checked in Python against route_people (one join less: the whole
//   relationship table is read in one scan)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (person ids, as stored)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
RETURN a.id AS source, b.id AS target
