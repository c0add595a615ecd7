// Purpose: where a spread route can start: the organisations that adopted an innovation and the
//   organisations, teams and people that developed it
// Parameters: $innovation  the innovation id
// Returns: label (Organisation, Team or Person), id, role ('adopter' or 'developer')
// Note: no branch returns one expression under two names: LadybugDB 0.22 then mixes up the
//   columns of the other branches of a UNION ALL.
MATCH (o:Organisation)-[:ADOPTED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Organisation' AS label, o.id AS id, 'adopter' AS role
UNION ALL
MATCH (o:Organisation)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Organisation' AS label, o.id AS id, 'developer' AS role
UNION ALL
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Team' AS label, t.id AS id, 'developer' AS role
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN 'Person' AS label, p.id AS id, 'developer' AS role
