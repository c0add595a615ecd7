// Purpose: gap rule adoption_without_champion. ADOPTED relationships (organisation adopted
//   innovation) that count on $as_of (made by then, not ended, not abandoned; the adopter open,
//   the innovation not withdrawn) where no person in post who WORKS_FOR the adopting
//   organisation CHAMPIONS that innovation. Recommendation: clinical and local champions are needed for buy-in.
// Parameters:
//   $ics  ICS code of the adopting organisation, or null for every ICS
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, object_id,
//   object_name, object_label, stage, candidates (people in post at the adopter flagged
//   clinical_champion, as nodes: who could champion it)
MATCH (i:ICS)<-[:IN_ICS]-(a:Organisation)-[r:ADOPTED]->(n:Innovation)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned'
  AND (coalesce(a.closed, '') = '' OR a.closed > $as_of) AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END)
  AND NOT EXISTS { MATCH (a)<-[:WORKS_FOR]-(c:Person)-[:CHAMPIONS]->(n) WHERE coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`left`, '') = '' OR c.`left` > $as_of) }
OPTIONAL MATCH (a)<-[:WORKS_FOR]-(c:Person)
WHERE c.clinical_champion = true AND coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`left`, '') = '' OR c.`left` > $as_of)
WITH a, i, n, r, collect(c) AS candidates
RETURN 'adoption_without_champion' AS rule, a.id AS subject_id, a.name AS subject_name,
       'Organisation' AS subject_label, a.kind AS subject_kind, i.code AS ics,
       n.id AS object_id, n.name AS object_name, 'Innovation' AS object_label, r.stage AS stage,
       candidates
ORDER BY ics, subject_id, object_id
