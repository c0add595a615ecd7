// Purpose: gap rule innovation_never_left_origin. Innovations, not withdrawn on $as_of, with at
//   least one developer organisation, that no organisation outside their developers has ADOPTED
//   by $as_of (an adoption that counts: made by then, not ended, not abandoned; adopted by
//   developers only, or by nobody). A closed adopter's adoption passes to its successors
//   (SUCCEEDED_BY, up to 5 steps) that are open. A developer organisation is one that DEVELOPED the
//   innovation, or whose team (PART_OF) or person (WORKS_FOR, also one who has left: the credit
//   stays) DEVELOPED it, and is open on $as_of.
//   Recommendation: spread across organisations; silo working blocks it.
// Parameters:
//   $ics  ICS code (the innovation is kept when a developer organisation is in it), or null
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics_codes,
//   developers (developer organisations, as nodes), adopters (organisations whose adoption
//   counts on $as_of, or their open successors, as nodes)
MATCH (n:Innovation)<-[:DEVELOPED]-()-[:PART_OF|WORKS_FOR*0..1]->(d:Organisation)-[:IN_ICS]->(i:ICS)
WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) AND (coalesce(d.closed, '') = '' OR d.closed > $as_of)
WITH n, collect(DISTINCT d) AS developers, collect(DISTINCT d.id) AS developer_ids,
     collect(DISTINCT i.code) AS ics_codes
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE ($ics IN ics_codes OR $ics IS NULL)
// the adopters on $as_of: open ones, and the open successors of closed ones
OPTIONAL MATCH (n)<-[r:ADOPTED]-(a:Organisation)
WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned'
WITH n, developers, developer_ids, ics_codes, a, (coalesce(a.closed, '') = '' OR a.closed > $as_of) AS a_open
// (the flag is computed first: LadybugDB 0.22 reads an earlier variable's properties as missing in
//  an OPTIONAL MATCH's WHERE)
OPTIONAL MATCH (a)-[:SUCCEEDED_BY*1..5]->(s:Organisation)
WHERE NOT a_open AND (coalesce(s.closed, '') = '' OR s.closed > $as_of)
WITH n, developers, developer_ids, ics_codes,
     collect(DISTINCT CASE WHEN a_open THEN a.id ELSE s.id END) AS adopter_ids
// (ids, then nodes: LadybugDB 0.22 fails on collect(DISTINCT CASE ... node ... END))
UNWIND adopter_ids + [''] AS xid
OPTIONAL MATCH (x:Organisation)
WHERE x.id = xid
WITH n, developers, developer_ids, ics_codes, collect(x) AS adopters,
     count(CASE WHEN NOT x.id IN developer_ids THEN 1 END) AS outside
WHERE outside = 0
RETURN 'innovation_never_left_origin' AS rule, n.id AS subject_id, n.name AS subject_name,
       'Innovation' AS subject_label, n.kind AS subject_kind, ics_codes,
       developers, adopters
ORDER BY subject_id
