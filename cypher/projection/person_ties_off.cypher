// Purpose: the people ties (KNOWS) that do not hold on $as_of (ecograph/asof.py: begun after it,
//   or ended before it; a blank date is no limit): a pair of people all of whose stored ties
//   are here has no tie that day (projection.read_ties)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (person ids, as stored)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE k.`start` > $as_of OR (k.`end` < $as_of AND k.`end` <> '')
RETURN a.id AS source, b.id AS target
