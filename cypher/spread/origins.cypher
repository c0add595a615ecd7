// Purpose: the organisations of the teams and people that developed each innovation (with the
//   organisations that developed it themselves, its origin organisations); read once for every
//   innovation, then looked up by innovation
// Parameters: $as_of  the as-of date (only open organisations and people in post)
// Returns: innovation (id), developer (team or person id), organisation (the organisation it belongs to)
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
MATCH (t)-[:PART_OF]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, t.id AS developer, o.id AS organisation
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
MATCH (p)-[:WORKS_FOR]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, p.id AS developer, o.id AS organisation
