// Purpose: gap rule adoption_without_champion. ADOPTED relationships (organisation adopted
//   innovation) that count on $as_of (made by then, not ended, not abandoned; the innovation not
//   withdrawn; the adopter open, or a closed adopter's open successors, SUCCEEDED_BY up to 5 steps) where no person in post who WORKS_FOR the adopting
//   organisation CHAMPIONS that innovation. Recommendation: clinical and local champions are needed for buy-in.
// Parameters:
//   $ics  ICS code of the adopting organisation, or null for every ICS
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, object_id,
//   object_name, object_label, stage (the
//   lowest of the adoptions it stands for), candidates (people in post at the adopter flagged
//   clinical_champion, as nodes: who could champion it)
MATCH (x:Organisation)-[r:ADOPTED]->(n:Innovation)
WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END)
// a closed adopter's adoption passes to its open successors
WITH n, r, x, (coalesce(x.closed, '') = '' OR x.closed > $as_of) AS x_open
// (the flag is computed first: LadybugDB 0.22 reads an earlier variable's properties as missing in
//  an OPTIONAL MATCH's WHERE)
OPTIONAL MATCH (x)-[:SUCCEEDED_BY*1..5]->(s:Organisation)
WHERE NOT x_open AND (coalesce(s.closed, '') = '' OR s.closed > $as_of)
WITH n, r, CASE WHEN x_open THEN x.id ELSE s.id END AS aid
MATCH (i:ICS)<-[:IN_ICS]-(a:Organisation)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE a.id = aid AND (i.code = $ics OR $ics IS NULL)
  AND NOT EXISTS { MATCH (a)<-[:WORKS_FOR]-(c:Person)-[:CHAMPIONS]->(n) WHERE coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`left`, '') = '' OR c.`left` > $as_of) }
WITH a, i, n, min(r.stage) AS stage
OPTIONAL MATCH (a)<-[:WORKS_FOR]-(c:Person)
WHERE c.clinical_champion = true AND coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`left`, '') = '' OR c.`left` > $as_of)
WITH a, i, n, stage, collect(c) AS candidates
RETURN 'adoption_without_champion' AS rule, a.id AS subject_id, a.name AS subject_name,
       'Organisation' AS subject_label, a.kind AS subject_kind, i.code AS ics,
       n.id AS object_id, n.name AS object_name, 'Innovation' AS object_label, stage,
       candidates
ORDER BY ics, subject_id, object_id
