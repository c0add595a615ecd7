// Purpose: gap rule not_yet_mapped. Organisations with nothing recorded yet, counted per ICS and
//   organisation kind: nobody WORKS_FOR them, neither they nor one of their teams (PART_OF) or
//   people (WORKS_FOR) is MEMBER_OF a partnership, they ADOPTED no innovation, and neither they
//   nor a team or person of theirs DEVELOPED one. A mapping gap, reported once per ICS and kind.
// Parameters:
//   $ics  ICS code, or null for every ICS
// Returns: rule, subject_id, subject_name, subject_label, ics, kind, organisations (ids)
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL)
  AND NOT EXISTS { MATCH (o)<-[:WORKS_FOR]-(:Person) }
  AND NOT EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-()-[:MEMBER_OF]->(:Partnership) }
  AND NOT EXISTS { MATCH (o)-[:ADOPTED]->(:Innovation) }
  AND NOT EXISTS { MATCH (o)<-[:PART_OF|WORKS_FOR*0..1]-()-[:DEVELOPED]->(:Innovation) }
WITH i, o.kind AS kind, collect(o.id) AS organisations
RETURN 'not_yet_mapped' AS rule, i.code AS subject_id, i.name AS subject_name, 'ICS' AS subject_label,
       i.code AS ics, kind, organisations
ORDER BY ics, kind
