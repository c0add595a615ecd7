// Purpose: gap rule no_innovation_lead. Open trusts (kind in $trust_kinds) where no person in
//   post who WORKS_FOR the trust has innovation_lead = true. Recommendation: every trust should have a
//   senior innovation post.
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $trust_kinds  the organisation kinds that are trusts (ecograph.model.TRUST_KINDS)
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py: who is in post, what is open, runs, counts)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, people
//   (people = how many people in post are recorded as working for the trust)
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND o.kind IN $trust_kinds AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
  AND NOT EXISTS { MATCH (o)<-[:WORKS_FOR]-(p:Person) WHERE p.innovation_lead = true AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) }
RETURN 'no_innovation_lead' AS rule, o.id AS subject_id, o.name AS subject_name,
       'Organisation' AS subject_label, o.kind AS subject_kind, i.code AS ics,
       COUNT { MATCH (o)<-[:WORKS_FOR]-(p:Person) WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) } AS people
ORDER BY ics, subject_id
