// Purpose: organisations with their ICS: the nodes of the organisation projection
// Parameters: $ics: an ICS code, or null for every ICS
// Returns: id, name, kind, ics
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE i.code = coalesce($ics, i.code)
RETURN o.id AS id, o.name AS name, o.kind AS kind, i.code AS ics
