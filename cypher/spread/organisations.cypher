// Purpose: every organisation with its kind and ICS: the candidates of a spread analysis and
//   the names and kinds of its adopters
// Parameters: none
// Returns: id, name, kind, ics (ICS code, null when not recorded)
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:IN_ICS]->(i:ICS)
RETURN o.id AS id, o.name AS name, o.kind AS kind, i.code AS ics
