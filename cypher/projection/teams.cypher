// Purpose: teams of organisations open on $as_of, with their organisation and ICS: the nodes of
//   the team projection
// Parameters: $ics: an ICS code, or null for every ICS; $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, function, organisation, organisation_name, kind, ics
MATCH (t:Team)-[:PART_OF]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE i.code = coalesce($ics, i.code) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN t.id AS id, t.name AS name, t.function AS function, o.id AS organisation,
       o.name AS organisation_name, o.kind AS kind, i.code AS ics
