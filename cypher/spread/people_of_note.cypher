// Purpose: the people who matter at the far end of a spread route whatever the innovation:
//   innovation leads and clinical champions, each with the organisation they work for (the
//   champions of each innovation are in champions.cypher)
// Parameters: $as_of  the as-of date (only people in post at open organisations)
// Returns: id, name, job_title, organisation (id), innovation_lead, clinical_champion (booleans,
//   null when unknown). A person working for two organisations comes back twice.
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE (p.innovation_lead = true OR p.clinical_champion = true) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, o.id AS organisation,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
