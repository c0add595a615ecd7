// Purpose: who developed one innovation (spread/developed.cypher for one innovation: a single
//   spread or partners call reads only its own)
// Parameters: $innovation  the innovation's id, as stored
// Returns: innovation, label (Organisation, Team or Person), id
// Note: no branch returns one expression under two names: LadybugDB 0.22 then mixes up the
//   columns of the other branches of a UNION ALL.
MATCH (o:Organisation)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN i.id AS innovation, 'Organisation' AS label, o.id AS id
UNION ALL
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN i.id AS innovation, 'Team' AS label, t.id AS id
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE i.id = $innovation
RETURN i.id AS innovation, 'Person' AS label, p.id AS id
