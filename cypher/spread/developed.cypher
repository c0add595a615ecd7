// Purpose: who developed every innovation (DEVELOPED), read once: whether each developer is
//   present on the date, and which organisations it belongs to, comes from the route graph's
//   arrays (ecograph/analysis/spread_graph.py)
// Parameters: none
// Returns: innovation, label (Organisation, Team or Person), id
// Note: no branch returns one expression under two names: LadybugDB 0.22 then mixes up the
//   columns of the other branches of a UNION ALL.
MATCH (o:Organisation)-[:DEVELOPED]->(i:Innovation)
RETURN i.id AS innovation, 'Organisation' AS label, o.id AS id
UNION ALL
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
RETURN i.id AS innovation, 'Team' AS label, t.id AS id
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
RETURN i.id AS innovation, 'Person' AS label, p.id AS id
