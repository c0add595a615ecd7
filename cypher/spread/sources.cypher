// Purpose: where a spread route can start: the organisations that adopted an innovation and the
//   organisations, teams and people that developed it (with the organisation they belong to)
// Parameters: $innovation  the innovation id
// Returns: label (Organisation, Team or Person), id, organisation (the organisation id of a
//   team or person; the id itself for an organisation; null when not recorded),
//   role ('adopter' or 'developer')
MATCH (o:Organisation)-[:ADOPTED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Organisation' AS label, o.id AS id, o.id AS organisation, 'adopter' AS role
UNION ALL
MATCH (o:Organisation)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Organisation' AS label, o.id AS id, o.id AS organisation, 'developer' AS role
UNION ALL
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
OPTIONAL MATCH (t)-[:PART_OF]->(o:Organisation)
RETURN 'Team' AS label, t.id AS id, o.id AS organisation, 'developer' AS role
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
RETURN 'Person' AS label, p.id AS id, o.id AS organisation, 'developer' AS role
