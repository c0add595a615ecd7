// Purpose: the organisations of the teams and people that developed an innovation (with the
//   organisations that developed it themselves, its origin organisations)
// Parameters: $innovation  the innovation id
// Returns: developer (team or person id), organisation (the organisation it belongs to)
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
MATCH (t)-[:PART_OF]->(o:Organisation)
RETURN t.id AS developer, o.id AS organisation
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
MATCH (p)-[:WORKS_FOR]->(o:Organisation)
RETURN p.id AS developer, o.id AS organisation
