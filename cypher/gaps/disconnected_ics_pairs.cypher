// Purpose: structural gap rule disconnected_ics_pairs. Pairs of ICSs, each with at least one
//   open organisation, with no tie between them on $as_of (people in post, organisations open,
//   ties holding, partnerships running: ecograph/asof.py): no KNOWS between a person who WORKS_FOR an
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
WHERE (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(o:Organisation)-[:IN_ICS]->(a:ICS)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
WITH p, collect(a) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m)-[:PART_OF|WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(a:ICS)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of))
WITH p, direct, collect(a) AS indirect
UNWIND direct + indirect AS a
UNWIND direct + indirect AS b
WITH a, b
WHERE a.code < b.code
WITH collect(DISTINCT a.code + ' ' + b.code) AS partnered
// pairs of ICSs with a tie between their people
OPTIONAL MATCH (a:ICS)<-[:IN_ICS]-(x:Organisation)<-[:WORKS_FOR]-(m:Person)-[k:KNOWS]-(n:Person)
               -[:WORKS_FOR]->(y:Organisation)-[:IN_ICS]->(b:ICS)
WHERE a.code < b.code AND (coalesce(x.closed, '') = '' OR x.closed > $as_of) AND (coalesce(y.closed, '') = '' OR y.closed > $as_of) AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
WITH partnered, collect(DISTINCT CASE WHEN coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) AND coalesce(n.`start`, '') <= $as_of AND (coalesce(n.`left`, '') = '' OR n.`left` > $as_of) THEN a.code + ' ' + b.code END) AS tied
// every other pair of ICSs that have organisations
MATCH (a:ICS)
WHERE EXISTS { MATCH (a)<-[:IN_ICS]-(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
MATCH (b:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE a.code < b.code AND (a.code = $ics OR b.code = $ics OR $ics IS NULL)
  AND EXISTS { MATCH (b)<-[:IN_ICS]-(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
  AND NOT (a.code + ' ' + b.code) IN tied
  AND NOT (a.code + ' ' + b.code) IN partnered
OPTIONAL MATCH (a)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
WITH a, b, collect(h) AS subject_hins
OPTIONAL MATCH (b)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
WITH a, b, subject_hins, collect(h) AS object_hins
RETURN 'disconnected_ics_pairs' AS rule, a.code AS subject_id, a.name AS subject_name,
       'ICS' AS subject_label, b.code AS object_id, b.name AS object_name, 'ICS' AS object_label,
       subject_hins, object_hins
ORDER BY subject_id, object_id
