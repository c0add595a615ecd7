// Purpose: gap rule no_innovation_lead. Trusts (kind in $trust_kinds) where no person who
//   WORKS_FOR the trust has innovation_lead = true. Recommendation: every trust should have a
//   senior innovation post.
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $trust_kinds  the organisation kinds that are trusts (ecograph.model.TRUST_KINDS)
// Returns: rule, subject_id, subject_name, subject_label, subject_kind, ics, people
//   (people = how many people are recorded as working for the trust)
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND o.kind IN $trust_kinds
  AND NOT EXISTS { MATCH (o)<-[:WORKS_FOR]-(p:Person) WHERE p.innovation_lead = true }
RETURN 'no_innovation_lead' AS rule, o.id AS subject_id, o.name AS subject_name,
       'Organisation' AS subject_label, o.kind AS subject_kind, i.code AS ics,
       COUNT { MATCH (o)<-[:WORKS_FOR]-(:Person) } AS people
ORDER BY ics, subject_id
