// Purpose: gap rule no_route_to_support. Open organisations with something recorded on $as_of
//   (a person in post who WORKS_FOR them, a partnership they, a team or a person of theirs is MEMBER_OF, an innovation
//   they ADOPTED or they, a team or a person of theirs DEVELOPED; the others are not_yet_mapped)
//   and no route of at most $max_hops
//   hops to an open innovation-support organisation (kind in $support_kinds: health innovation
//   network, innovation hub, NIHR ARC/BRC/CRN), on the organisation graph: two organisations
//   are one hop apart when a person in post who WORKS_FOR one KNOWS (a tie that holds) a person
//   in post who WORKS_FOR the other, or
//   when both are members of the same current partnership (formal or not; not ended before
//   $as_of; an organisation is a member when it, one of its teams (PART_OF) or one of its
//   people (WORKS_FOR) is MEMBER_OF it).
//   Support organisations are at distance 0 and never reported.
//   How: first each organisation gets the list of its neighbours (`near`); then a breadth-first
//   search from the support organisations, one block per hop, at most 6 (a variable-length
//   bound cannot be a parameter, and a variable-length pattern over people and partnerships
//   would make LadybugDB enumerate walks). Every organisation is a row (x = id, d = distance
//   so far, 1000 = not reached, near); a block adds the neighbours of the organisations at the
//   previous distance, and each organisation keeps its shortest distance. Blocks beyond
//   $max_hops change nothing.
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
//   $max_hops  the longest route that counts, 1 to 6 hops
//   $support_kinds  the innovation-support kinds (ecograph.model.INNOVATION_SUPPORT_KINDS)
//   $as_of  the as-of date, YYYY-MM-DD (partnerships that ended before it do not count)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics,
//   local_support (the support organisations of the organisation's own ICS, as nodes)
// each organisation's neighbours: through a tie between their people ...
MATCH (o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(a:Person)-[k:KNOWS]-(b:Person)-[:WORKS_FOR]->(t:Organisation)
WHERE t.id <> o.id AND (coalesce(t.closed, '') = '' OR t.closed > $as_of) AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
// (the people's dates are worked out first: a parameter inside CASE inside collect makes
//  LadybugDB 0.22 mistype the list when the query is prepared without its parameters)
WITH o, t, coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of) AS in_post
WITH o, collect(DISTINCT CASE WHEN in_post THEN t.id END) AS tied
// ... or through a partnership both are members of (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-(m)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH o, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT o, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WHERE m.id <> o.id AND (coalesce(m.closed, '') = '' OR m.closed > $as_of)
WITH o, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(x)-[:PART_OF|WORKS_FOR]->(m:Organisation)
WHERE m.id <> o.id AND (coalesce(m.closed, '') = '' OR m.closed > $as_of) AND (coalesce(x.`start`, '') <= $as_of AND (coalesce(x.`left`, '') = '' OR x.`left` > $as_of))
WITH o, tied, direct, collect(m.id) AS indirect
WITH o, tied, collect(direct + indirect) AS shared
// one list of distinct neighbour ids ('' keeps organisations with no neighbour)
UNWIND [tied] + shared AS ids
UNWIND ids + [''] AS n
WITH o, collect(DISTINCT n) AS near
// the search starts at the support organisations
WITH o.id AS x, CASE WHEN o.kind IN $support_kinds THEN 0 ELSE 1000 END AS d, near
// hop 1: the neighbours of the organisations at distance 0 are at most 1 away
UNWIND [x] + (CASE WHEN d = 0 AND $max_hops >= 1 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 1 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// hop 2: the neighbours of the organisations at distance 1 are at most 2 away
UNWIND [x] + (CASE WHEN d = 1 AND $max_hops >= 2 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 2 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// hop 3: the neighbours of the organisations at distance 2 are at most 3 away
UNWIND [x] + (CASE WHEN d = 2 AND $max_hops >= 3 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 3 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// hop 4: the neighbours of the organisations at distance 3 are at most 4 away
UNWIND [x] + (CASE WHEN d = 3 AND $max_hops >= 4 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 4 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// hop 5: the neighbours of the organisations at distance 4 are at most 5 away
UNWIND [x] + (CASE WHEN d = 4 AND $max_hops >= 5 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 5 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// hop 6: the neighbours of the organisations at distance 5 are at most 6 away
UNWIND [x] + (CASE WHEN d = 5 AND $max_hops >= 6 THEN near ELSE [] END) AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 6 END) AS d, collect(CASE WHEN y = x THEN near END) AS own
UNWIND own AS near
WITH y AS x, d, near
// what is left: organisations further than $max_hops hops from any support organisation
WITH x, d
WHERE d > $max_hops
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE o.id = x AND (i.code = $ics OR $ics IS NULL)
  AND (EXISTS { MATCH (o)<-[:WORKS_FOR]-(m:Person) WHERE coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) }
       OR EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-(m)-[:MEMBER_OF]->(p:Partnership)
                   WHERE (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) }
       OR EXISTS { MATCH (o)-[r:ADOPTED]->(n:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
       OR EXISTS { MATCH (o)<-[:SUCCEEDED_BY*1..5]-(c:Organisation)-[r:ADOPTED]->(n:Innovation)
         WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
       OR EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-()-[:DEVELOPED]->(n:Innovation) WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) })
OPTIONAL MATCH (i)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind IN $support_kinds AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
WITH o, i, collect(h) AS local_support
RETURN 'no_route_to_support' AS rule, o.id AS subject_id, o.name AS subject_name,
       'Organisation' AS subject_label, o.kind AS subject_kind, i.code AS ics, local_support
ORDER BY ics, subject_id
