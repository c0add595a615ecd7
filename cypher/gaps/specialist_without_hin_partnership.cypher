// Purpose: gap rule specialist_without_hin_partnership. Specialist trusts with no formal
//   partnership (formal = true) that has as members both the trust and a health innovation
//   network of the trust's own ICS (a HIN organisation IN_ICS the same ICS). An organisation
//   counts as a member when it, one of its teams (PART_OF) or one of its people (WORKS_FOR) is
//   MEMBER_OF the partnership. Recommendation: every specialist trust should have a formal
//   partnership with its local AHSN (health innovation network).
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $specialist_kind  the kind of a specialist trust ("specialist-trust")
//   $hin_kind  the kind of a health innovation network ("health-innovation-network")
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, ics_name,
//   hins (the HIN organisations of the trust's ICS, as nodes; empty when it has none)
MATCH (s:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND s.kind = $specialist_kind
  AND NOT EXISTS {
    MATCH (s)<-[:PART_OF|WORKS_FOR*0..1]-()-[:MEMBER_OF]->(p:Partnership)
          <-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR*0..1]->(h:Organisation)-[:IN_ICS]->(i)
    WHERE p.formal = true AND h.kind = $hin_kind
  }
OPTIONAL MATCH (i)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind
WITH s, i, collect(h) AS hins
RETURN 'specialist_without_hin_partnership' AS rule, s.id AS subject_id, s.name AS subject_name,
       'Organisation' AS subject_label, s.kind AS subject_kind, i.code AS ics, i.name AS ics_name,
       hins
ORDER BY ics, subject_id
