// Purpose: the people in post on $as_of: the people a spread route may pass through (read once
//   for every innovation and turned into arrays by ecograph/analysis/spread_graph.py)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name
MATCH (p:Person)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
RETURN p.id AS id, p.name AS name
