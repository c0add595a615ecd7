// Purpose: names of the organisations, people, teams and partnerships on spread routes
// Parameters: $organisations, $people, $teams, $partnerships  lists of ids (any may be empty)
// Returns: label, id, name
UNWIND $organisations AS k
MATCH (n:Organisation)
WHERE n.id = k
RETURN 'Organisation' AS label, n.id AS id, n.name AS name
UNION ALL
UNWIND $people AS k
MATCH (n:Person)
WHERE n.id = k
RETURN 'Person' AS label, n.id AS id, n.name AS name
UNION ALL
UNWIND $teams AS k
MATCH (n:Team)
WHERE n.id = k
RETURN 'Team' AS label, n.id AS id, n.name AS name
UNION ALL
UNWIND $partnerships AS k
MATCH (n:Partnership)
WHERE n.id = k
RETURN 'Partnership' AS label, n.id AS id, n.name AS name
