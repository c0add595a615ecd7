// Purpose: every partnership with what sets the strength of a route through it
// Parameters: none
// Returns: id, name, formal (boolean), end (ISO date or null)
MATCH (p:Partnership)
RETURN p.id AS id, p.name AS name, p.formal AS formal, p.`end` AS `end`
