// Purpose: the champions (CHAMPIONS) of one innovation (spread/champions.cypher for one
//   innovation: a single spread or partners call reads only its own)
// Parameters: $innovation  the innovation's id, as stored
// Returns: innovation, id, name, job_title, innovation_lead, clinical_champion (booleans, null
//   when unknown)
MATCH (p:Person)-[:CHAMPIONS]->(i:Innovation)
WHERE i.id = $innovation
RETURN i.id AS innovation, p.id AS id, p.name AS name, p.job_title AS job_title,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
