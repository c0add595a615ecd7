// Purpose: the barriers to adoption and spread agreed with stakeholders (the barriers file), each
//   with the ICS whose stakeholders agreed it (BARRIER_IN) and what it is about (CONCERNS: an
//   organisation, innovation or partnership; none = the ICS as a whole).
// Parameters:
//   $ics  ICS code, or null for every ICS
//   $as_of  the as-of date, YYYY-MM-DD: only barriers agreed by then (no date: always)
// Returns: id, ics, ics_name, category, description, agreed_by, date, subject (the node it
//   CONCERNS, or null)
MATCH (b:Barrier)-[:BARRIER_IN]->(i:ICS)
// $ics is compared before it is tested for null: LadybugDB types a parameter at its first use.
WHERE (i.code = $ics OR $ics IS NULL) AND coalesce(b.`date`, '') <= $as_of
OPTIONAL MATCH (b)-[:CONCERNS]->(x)
RETURN b.id AS id, i.code AS ics, i.name AS ics_name, b.category AS category,
       b.description AS description, b.agreed_by AS agreed_by, b.date AS date, x AS subject
ORDER BY ics, id
