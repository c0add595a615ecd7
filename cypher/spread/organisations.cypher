// Purpose: every organisation open on $as_of with its kind and ICS: the candidates of a spread analysis and
//   the names and kinds of its adopters
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, kind, ics (ICS code, null when not recorded)
MATCH (o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
OPTIONAL MATCH (o)-[:IN_ICS]->(i:ICS)
RETURN o.id AS id, o.name AS name, o.kind AS kind, i.code AS ics
