// Purpose: gap rule specialist_without_hin_partnership. Open specialist trusts with no running formal
//   partnership (formal = true, and no end date or one not before $as_of) that has as members
//   both the trust and a health innovation network covering the trust's ICS: an open HIN organisation
//   that COVERS the ICS (no end date on the coverage, or one not before $as_of) or is IN_ICS it.
//   An organisation counts as a member when it, one of its teams (PART_OF) or one of its people
//   in post (WORKS_FOR) is MEMBER_OF the partnership. Running, open, in post: as of $as_of
//   (ecograph/asof.py). Recommendation: every specialist trust should have
//   a formal partnership with its local AHSN (health innovation network).
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $specialist_kind  the kind of a specialist trust ("specialist-trust")
//   $hin_kind  the kind of a health innovation network ("health-innovation-network")
//   $as_of  the as-of date, YYYY-MM-DD (partnerships and coverage that ended before it do not count)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, ics_name,
//   hins (the HIN organisations covering the trust's ICS, as nodes; empty when it has none)
MATCH (s:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND s.kind = $specialist_kind AND (coalesce(s.closed, '') = '' OR s.closed > $as_of)
// the networks covering the ICS: by coverage ...
OPTIONAL MATCH (h:Organisation)-[c:COVERS]->(i)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of) AND ((coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`end`, '') = '' OR c.`end` >= $as_of)))
WITH s, i, collect(h.id) AS covering
// ... or based in it
OPTIONAL MATCH (i)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
WITH s, i, covering, collect(h.id) AS based
WITH s, i, covering + based AS hin_ids
WHERE NOT EXISTS {
    MATCH (s)<-[:PART_OF|WORKS_FOR*0..1]-(m)-[:MEMBER_OF]->(p:Partnership)
          <-[:MEMBER_OF]-(x)-[:PART_OF|WORKS_FOR*0..1]->(h:Organisation)
    WHERE p.formal = true AND (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND (coalesce(x.`start`, '') <= $as_of AND (coalesce(x.`left`, '') = '' OR x.`left` > $as_of)) AND ((coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))) AND h.id IN hin_ids
  }
UNWIND hin_ids + [''] AS hid
OPTIONAL MATCH (h:Organisation)
WHERE h.id = hid
WITH s, i, collect(DISTINCT h) AS hins
RETURN 'specialist_without_hin_partnership' AS rule, s.id AS subject_id, s.name AS subject_name,
       'Organisation' AS subject_label, s.kind AS subject_kind, i.code AS ics, i.name AS ics_name,
       hins
ORDER BY ics, subject_id
