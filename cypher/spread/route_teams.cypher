// Purpose: the teams of the organisations open on $as_of (PART_OF): the teams a spread route may
//   pass through, and the organisations they belong to
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: team (id), name (of the team), organisation (id)
MATCH (t:Team)-[:PART_OF]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN t.id AS team, t.name AS name, o.id AS organisation
