// Purpose: who works where (WORKS_FOR), with whether the organisation is open on $as_of: routes
//   and people ties pass only through open organisations, and a person working for a closed one
//   has left the present (people not in post are left out on the arrays, against route_people:
//   a filter on them here reads the relationship about twice as slowly)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: person, organisation (ids), open (boolean: the organisation is open on $as_of)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
RETURN p.id AS person, o.id AS organisation, (coalesce(o.closed, '') = '' OR o.closed > $as_of) AS open
