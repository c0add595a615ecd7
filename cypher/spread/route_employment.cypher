// Purpose: who works where (WORKS_FOR), for the people in post on $as_of, with whether the
//   organisation is open then: routes and people ties pass only through open organisations, and
//   a person working for a closed one has left the present
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: person, organisation (ids), open (boolean: the organisation is open on $as_of)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
RETURN p.id AS person, o.id AS organisation, (coalesce(o.closed, '') = '' OR o.closed > $as_of) AS open
