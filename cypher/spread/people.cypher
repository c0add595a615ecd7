// Purpose: details of some people, for the partners of an innovation
// Parameters: $people  list of person ids
// Returns: id, name, job_title, organisation (id, null when not recorded), innovation_lead,
//   clinical_champion (booleans, null when unknown)
UNWIND $people AS k
MATCH (p:Person)
WHERE p.id = k
OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, o.id AS organisation,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
