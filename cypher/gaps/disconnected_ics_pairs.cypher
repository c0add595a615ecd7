// Purpose: structural gap rule disconnected_ics_pairs. Pairs of ICSs, each with at least one
//   organisation, with no tie between them: no KNOWS between a person who WORKS_FOR an
//   organisation IN_ICS one and a person who WORKS_FOR an organisation IN_ICS the other, and no
//   current partnership (formal or not; not ended before $as_of) with member organisations in both (an organisation is a member
//   when it, one of its teams or one of its people is MEMBER_OF it). The linked pairs are found
//   in one pass over the memberships and one over the ties, then every other pair is returned.
// Parameters:
//   $ics  ICS code (pairs that include it), or null for every pair
//   $hin_kind  the kind of a health innovation network ("health-innovation-network")
//   $as_of  the as-of date, YYYY-MM-DD (partnerships that ended before it do not count)
// Returns: rule, subject_id, subject_name, subject_label, object_id, object_name,
//   object_label, subject_hins, object_hins (each ICS's health innovation networks, as nodes)
// pairs of ICSs that share a partnership
OPTIONAL MATCH (p:Partnership)
WHERE p.`end` IS NULL OR p.`end` = '' OR p.`end` >= $as_of
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(:Organisation)-[:IN_ICS]->(a:ICS)
WITH p, collect(a) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(:Organisation)-[:IN_ICS]->(a:ICS)
WITH p, direct, collect(a) AS indirect
UNWIND direct + indirect AS a
UNWIND direct + indirect AS b
WITH a, b
WHERE a.code < b.code
WITH collect(DISTINCT a.code + ' ' + b.code) AS partnered
// pairs of ICSs with a tie between their people
OPTIONAL MATCH (a:ICS)<-[:IN_ICS]-(:Organisation)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)
               -[:WORKS_FOR]->(:Organisation)-[:IN_ICS]->(b:ICS)
WHERE a.code < b.code
WITH partnered, collect(DISTINCT a.code + ' ' + b.code) AS tied
// every other pair of ICSs that have organisations
MATCH (a:ICS)
WHERE EXISTS { MATCH (a)<-[:IN_ICS]-(:Organisation) }
MATCH (b:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE a.code < b.code AND (a.code = $ics OR b.code = $ics OR $ics IS NULL)
  AND EXISTS { MATCH (b)<-[:IN_ICS]-(:Organisation) }
  AND NOT (a.code + ' ' + b.code) IN tied
  AND NOT (a.code + ' ' + b.code) IN partnered
OPTIONAL MATCH (a)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind
WITH a, b, collect(h) AS subject_hins
OPTIONAL MATCH (b)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind
WITH a, b, subject_hins, collect(h) AS object_hins
RETURN 'disconnected_ics_pairs' AS rule, a.code AS subject_id, a.name AS subject_name,
       'ICS' AS subject_label, b.code AS object_id, b.name AS object_name, 'ICS' AS object_label,
       subject_hins, object_hins
ORDER BY subject_id, object_id
