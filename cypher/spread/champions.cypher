// Purpose: the champions (CHAMPIONS) of every innovation in post on $as_of and not working for a
//   closed organisation, with the organisation they work for; read once, then looked up by innovation
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: innovation (id), id, name, job_title, organisation (id, null when not recorded),
//   innovation_lead, clinical_champion (booleans, null when unknown)
MATCH (p:Person)-[:CHAMPIONS]->(i:Innovation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
  AND NOT EXISTS { MATCH (p)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
RETURN i.id AS innovation, p.id AS id, p.name AS name, p.job_title AS job_title, o.id AS organisation,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
