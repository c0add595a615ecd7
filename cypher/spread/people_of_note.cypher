// Purpose: the people who matter at the far end of a spread route whatever the innovation:
//   innovation leads and clinical champions (whether each is in post on the date, and where
//   they work, comes from the route graph's arrays; the champions of each innovation are in
//   champions.cypher)
// Parameters: none
// Returns: id, name, job_title, innovation_lead, clinical_champion (booleans, null when unknown)
MATCH (p:Person)
WHERE p.innovation_lead = true OR p.clinical_champion = true
RETURN p.id AS id, p.name AS name, p.job_title AS job_title,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
