// Purpose: gap rule innovation_never_left_origin. Innovations with at least one developer
//   organisation that no organisation outside their developers has ADOPTED (adopted by
//   developers only, or by nobody). A developer organisation is one that DEVELOPED the
//   innovation, or whose team (PART_OF) or person (WORKS_FOR) DEVELOPED it.
//   Recommendation: spread across organisations; silo working blocks it.
// Parameters:
//   $ics  ICS code (the innovation is kept when a developer organisation is in it), or null
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics_codes,
//   developers (developer organisations, as nodes), adopters (adopting organisations, as nodes)
MATCH (n:Innovation)<-[:DEVELOPED]-()-[:PART_OF|WORKS_FOR*0..1]->(d:Organisation)-[:IN_ICS]->(i:ICS)
WHERE NOT EXISTS {
  MATCH (n)<-[:ADOPTED]-(a:Organisation)
  WHERE NOT EXISTS { MATCH (n)<-[:DEVELOPED]-()-[:PART_OF|WORKS_FOR*0..1]->(a) }
}
WITH n, collect(DISTINCT d) AS developers, collect(DISTINCT i.code) AS ics_codes
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE ($ics IN ics_codes OR $ics IS NULL)
OPTIONAL MATCH (n)<-[:ADOPTED]-(a:Organisation)
WITH n, developers, ics_codes, collect(a) AS adopters
RETURN 'innovation_never_left_origin' AS rule, n.id AS subject_id, n.name AS subject_name,
       'Innovation' AS subject_label, n.kind AS subject_kind, ics_codes,
       developers, adopters
ORDER BY subject_id
