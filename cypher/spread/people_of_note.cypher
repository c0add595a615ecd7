// Purpose: the people who matter at the far end of a spread route: innovation leads and
//   clinical champions anywhere, and the champions of one innovation, each with the
//   organisation they work for
// Parameters: $innovation  the innovation id; $as_of  the as-of date (only people in post at open
//   organisations)
// Returns: id, name, job_title, organisation (id, null when not recorded), innovation_lead,
//   clinical_champion (booleans, null when unknown), champions (true: champions $innovation;
//   false: listed for a flag). A person can come back twice, once for each reason.
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE (p.innovation_lead = true OR p.clinical_champion = true) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, o.id AS organisation,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion,
       false AS champions
UNION ALL
MATCH (p:Person)-[:CHAMPIONS]->(i:Innovation)
WHERE i.id = $innovation AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
  AND NOT EXISTS { MATCH (p)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
OPTIONAL MATCH (p)-[:WORKS_FOR]->(o:Organisation)
RETURN p.id AS id, p.name AS name, p.job_title AS job_title, o.id AS organisation,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion,
       true AS champions
