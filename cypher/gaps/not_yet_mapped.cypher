// Purpose: gap rule not_yet_mapped. Open organisations with nothing recorded yet on $as_of, counted per ICS and
//   organisation kind: nobody in post WORKS_FOR them, neither they nor one of their teams
//   (PART_OF) or people in post (WORKS_FOR) is MEMBER_OF a running partnership, no adoption
//   of theirs counts (nor one passed to them by a closed predecessor), and neither they
//   nor a team or person of theirs DEVELOPED one. A mapping gap, reported once per ICS and kind.
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
// Returns: rule, subject_id, subject_name, subject_label, ics, kind, organisations (ids)
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
  AND NOT EXISTS { MATCH (o)<-[:WORKS_FOR]-(m:Person) WHERE coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of) }
  AND NOT EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-(m)-[:MEMBER_OF]->(p:Partnership)
                   WHERE (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) }
  AND NOT EXISTS { MATCH (o)-[r:ADOPTED]->(n:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
  AND NOT EXISTS { MATCH (o)<-[:SUCCEEDED_BY*1..5]-(c:Organisation)-[r:ADOPTED]->(n:Innovation)
         WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
  AND NOT EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-()-[:DEVELOPED]->(n:Innovation) WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) }
WITH i, o.kind AS kind, collect(o.id) AS organisations
RETURN 'not_yet_mapped' AS rule, i.code AS subject_id, i.name AS subject_name, 'ICS' AS subject_label,
       i.code AS ics, kind, organisations
ORDER BY ics, kind
