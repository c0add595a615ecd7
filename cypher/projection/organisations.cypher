// Purpose: organisations open on $as_of, with their ICS: the nodes of the organisation projection
// Parameters: $ics: an ICS code, or null for every ICS; $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, kind, ics
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE i.code = coalesce($ics, i.code) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN o.id AS id, o.name AS name, o.kind AS kind, i.code AS ics
