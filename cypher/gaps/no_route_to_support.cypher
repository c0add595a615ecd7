// Purpose: gap rule no_route_to_support. Organisations with no route of at most $max_hops
//   hops to an innovation-support organisation (kind in $support_kinds: health innovation
//   network, innovation hub, NIHR ARC/BRC/CRN), on the organisation graph: two organisations
//   are one hop apart when a person who WORKS_FOR one KNOWS a person who WORKS_FOR the other, or
//   when both are members of the same partnership (formal or not; an organisation is a member
//   when it, one of its teams (PART_OF) or one of its people (WORKS_FOR) is MEMBER_OF it).
//   Support organisations are at distance 0 and never reported.
//   How: breadth-first search from the support organisations, one block per hop, for at most
//   6 hops (a variable-length bound cannot be a parameter, and LadybugDB enumerates walks, so a
//   variable-length pattern over people would explode). A block only expands the organisations
//   found at the previous distance, so a run costs about one pass over the ties per hop; hops
//   beyond $max_hops expand nothing. Every organisation is a row (x = id, d = distance so far,
//   1000 = not reached) and keeps its shortest distance.
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $max_hops  the longest route that counts, 1 to 6 hops
//   $support_kinds  the innovation-support kinds (ecograph.model.INNOVATION_SUPPORT_KINDS)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics,
//   local_support (the support organisations of the organisation's own ICS, as nodes)
MATCH (s:Organisation)
WITH s.id AS x, CASE WHEN s.kind IN $support_kinds THEN 0 ELSE 1000 END AS d
// hop 1: from the organisations at distance 0, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 0 AND $max_hops >= 1
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 1: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 1: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 1 END) AS d
WITH y AS x, d
// hop 2: from the organisations at distance 1, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 1 AND $max_hops >= 2
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 2: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 2: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 2 END) AS d
WITH y AS x, d
// hop 3: from the organisations at distance 2, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 2 AND $max_hops >= 3
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 3: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 3: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 3 END) AS d
WITH y AS x, d
// hop 4: from the organisations at distance 3, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 3 AND $max_hops >= 4
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 4: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 4: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 4 END) AS d
WITH y AS x, d
// hop 5: from the organisations at distance 4, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 4 AND $max_hops >= 5
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 5: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 5: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 5 END) AS d
WITH y AS x, d
// hop 6: from the organisations at distance 5, through a tie between people
OPTIONAL MATCH (o:Organisation)
WHERE o.id = x AND d = 5 AND $max_hops >= 6
OPTIONAL MATCH (o)<-[:WORKS_FOR]-(:Person)-[:KNOWS]-(:Person)-[:WORKS_FOR]->(t:Organisation)
WITH x, d, o, collect(DISTINCT t.id) AS tied
// hop 6: ... or through a partnership they share (as organisation, team or person)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WITH x, d, o, tied, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-()-[:MEMBER_OF]->(p:Partnership)
WITH x, d, tied, direct, collect(p.id) AS indirect
UNWIND direct + indirect + [''] AS pid
WITH DISTINCT x, d, tied, pid
OPTIONAL MATCH (p:Partnership)
WHERE p.id = pid
OPTIONAL MATCH (p)<-[:MEMBER_OF]-(m:Organisation)
WITH x, d, tied, p, collect(m.id) AS direct
OPTIONAL MATCH (p)<-[:MEMBER_OF]-()-[:PART_OF|WORKS_FOR]->(m:Organisation)
WITH x, d, tied, direct, collect(m.id) AS indirect
WITH x, d, collect(tied + direct + indirect) AS found
// hop 6: each organisation keeps its shortest distance
UNWIND [[x]] + found AS ids
UNWIND ids AS y
WITH y, min(CASE WHEN y = x THEN d ELSE 6 END) AS d
WITH y AS x, d
// what is left: organisations further than $max_hops hops from any support organisation
WITH x, d
WHERE d > $max_hops
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE o.id = x AND (i.code = $ics OR $ics IS NULL)
OPTIONAL MATCH (i)<-[:IN_ICS]-(h:Organisation)
WHERE h.kind IN $support_kinds
WITH o, i, collect(h) AS local_support
RETURN 'no_route_to_support' AS rule, o.id AS subject_id, o.name AS subject_name,
       'Organisation' AS subject_label, o.kind AS subject_kind, i.code AS ics, local_support
ORDER BY ics, subject_id
