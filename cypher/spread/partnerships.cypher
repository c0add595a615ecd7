// Purpose: every partnership running on $as_of with what sets the strength of a route through it
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, formal (boolean), end (ISO date or null)
MATCH (p:Partnership)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of)
RETURN p.id AS id, p.name AS name, p.formal AS formal, p.`end` AS `end`
