// Purpose: people, with their organisation and ICS: the nodes of the people projection
// Parameters: $ics: an ICS code, or null for every ICS
// Returns: id, name, job_title, innovation_lead, clinical_champion, organisation, organisation_name, kind, ics
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE i.code = coalesce($ics, i.code)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, p.innovation_lead AS innovation_lead,
       p.clinical_champion AS clinical_champion, o.id AS organisation, o.name AS organisation_name,
       o.kind AS kind, i.code AS ics
