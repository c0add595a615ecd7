// Purpose: the champions (CHAMPIONS) of every innovation, read once: whether each is in post on
//   the date, and where they work, comes from the route graph's arrays
//   (ecograph/analysis/spread_graph.py)
// Parameters: none
// Returns: innovation, id, name, job_title, innovation_lead, clinical_champion (booleans, null
//   when unknown)
MATCH (p:Person)-[:CHAMPIONS]->(i:Innovation)
RETURN i.id AS innovation, p.id AS id, p.name AS name, p.job_title AS job_title,
       p.innovation_lead AS innovation_lead, p.clinical_champion AS clinical_champion
