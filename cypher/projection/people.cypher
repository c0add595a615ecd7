// Purpose: people in post on $as_of at an open organisation, with their organisation and ICS: the
//   nodes of the people projection
// Parameters: $ics: an ICS code, or null for every ICS; $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, job_title, innovation_lead, clinical_champion, organisation, organisation_name, kind, ics
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE i.code = coalesce($ics, i.code) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, p.innovation_lead AS innovation_lead,
       p.clinical_champion AS clinical_champion, o.id AS organisation, o.name AS organisation_name,
       o.kind AS kind, i.code AS ics
