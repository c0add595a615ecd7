// Purpose: gap rule primary_care_cut_off. ICSs that have open primary and community care
//   organisations (kind in $primary_kinds) none of which is itself an "innovator" (it ADOPTED
//   an innovation, or it, one of its teams or one of its people DEVELOPED one) or shares a
//   current partnership (not ended before $as_of) or a tie with another innovator. A tie is a KNOWS
//   between a person who WORKS_FOR the primary care organisation and one who WORKS_FOR the
//   innovator; a shared partnership has both as members (an organisation is a member when it,
//   one of its teams or one of its people is MEMBER_OF it; formal or not). The innovator is
//   another organisation, in any ICS. Recommendation: much innovation happens in primary and
//   community care and is ignored.
//   How: for each primary care organisation, the ids of the organisations it has a tie or a
//   partnership with, then whether one of them is an innovator; no variable-length patterns
//   (they are slow on LadybugDB).
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $primary_kinds  primary and community care kinds (ecograph.model.PRIMARY_COMMUNITY_KINDS)
//   As of $as_of: only open organisations, people in post, ties that hold, running partnerships,
//   adoptions that count (a closed adopter's pass to its open successors), innovations not
//   withdrawn.
//   $hin_kind  the kind of a health innovation network ("health-innovation-network")
//   $as_of  the as-of date, YYYY-MM-DD (partnerships that ended before it do not count)
// Returns: rule, subject_id, subject_name, subject_label, ics, primary_care (the primary and
//   community care organisations of the ICS, as nodes), hins (the health innovation networks
//   covering the ICS, by current COVERS or based in it, as nodes)
MATCH (pc:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL) AND pc.kind IN $primary_kinds AND (coalesce(pc.closed, '') = '' OR pc.closed > $as_of)
// organisations it has a tie with ...
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
OPTIONAL MATCH (pc)<-[:WORKS_FOR]-(a:Person)-[k:KNOWS]-(b:Person)-[:WORKS_FOR]->(y:Organisation)
WHERE y.id <> pc.id AND (coalesce(y.closed, '') = '' OR y.closed > $as_of) AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
// (the people's dates are worked out first: a parameter inside CASE inside collect makes
//  LadybugDB 0.22 mistype the list when the query is prepared without its parameters)
WITH i, pc, y, coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of) AS in_post
WITH i, pc, collect(DISTINCT CASE WHEN in_post THEN y.id END) AS tied
// ... or a partnership with (as organisation, team or person, on either side)
OPTIONAL MATCH (pc)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH i, pc, tied, collect(p.id) AS direct
OPTIONAL MATCH (pc)<-[:PART_OF|WORKS_FOR]-(m)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH i, pc, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT i, pc, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(y:Organisation)
WHERE (coalesce(y.closed, '') = '' OR y.closed > $as_of)
WITH i, pc, tied, p, collect(y.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m)-[:PART_OF|WORKS_FOR]->(y:Organisation)
WHERE (coalesce(y.closed, '') = '' OR y.closed > $as_of) AND (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of))
WITH i, pc, tied, direct, collect(y.id) AS indirect
WITH i, pc, tied, collect(direct + indirect) AS shared
// is one of them an innovator? ('' keeps organisations with no partner)
UNWIND [tied] + shared AS ids
UNWIND ids + [''] AS yid
WITH DISTINCT i, pc, yid
OPTIONAL MATCH (y:Organisation)
WHERE y.id = yid AND y.id <> pc.id
  AND (EXISTS { MATCH (y)-[r:ADOPTED]->(n:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
       OR EXISTS { MATCH (y)<-[:SUCCEEDED_BY*1..5]-(c:Organisation)-[r:ADOPTED]->(n:Innovation)
         WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
       OR EXISTS { MATCH (y)-[:DEVELOPED]->(n:Innovation) WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
       OR EXISTS { MATCH (y)<-[:PART_OF|WORKS_FOR]-()-[:DEVELOPED]->(n:Innovation) WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) })
WITH i, pc, count(y) AS innovators
// ... or is it an innovator itself?
WITH i, pc, innovators + CASE WHEN EXISTS { MATCH (pc)-[r:ADOPTED]->(n:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
                              OR EXISTS { MATCH (pc)<-[:SUCCEEDED_BY*1..5]-(c:Organisation)-[r:ADOPTED]->(n:Innovation)
         WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
                              OR EXISTS { MATCH (pc)<-[:PART_OF|WORKS_FOR*0..1]-()-[:DEVELOPED]->(n:Innovation) WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
                         THEN 1 ELSE 0 END AS innovators
WITH i, collect(pc) AS primary_care, count(CASE WHEN innovators > 0 THEN 1 END) AS linked
WHERE linked = 0
OPTIONAL MATCH (h:Organisation)-[c:COVERS]->(i)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of) AND ((coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`end`, '') = '' OR c.`end` >= $as_of)))
WITH i, primary_care, collect(h) AS covering
OPTIONAL MATCH (i)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
WITH i, primary_care, covering, collect(h) AS based
WITH i, primary_care, covering + based AS hins
RETURN 'primary_care_cut_off' AS rule, i.code AS subject_id, i.name AS subject_name,
       'ICS' AS subject_label, i.code AS ics, primary_care, hins
ORDER BY ics
