// Purpose: the last level of the breadth-first search for spread routes: only the neighbours
//   of the frontier that are organisations (a route ends at a candidate organisation), which
//   saves expanding people into people on the last step
// Parameters: $people, $teams, $partnerships  the frontier's ids by label (any may be empty;
//   organisations in the frontier have no organisation neighbours)
//   $as_of  the as-of date, YYYY-MM-DD: only what is present then (ecograph/asof.py)
// Returns: source (frontier id), target (organisation id), step ('SourceLabel|TYPE|Organisation')
UNWIND $people AS k
MATCH (a:Person)-[:WORKS_FOR]->(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Person|WORKS_FOR|Organisation' AS step
UNION ALL
UNWIND $teams AS k
MATCH (a:Team)-[:PART_OF]->(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Team|PART_OF|Organisation' AS step
UNION ALL
UNWIND $partnerships AS k
MATCH (a:Partnership)<-[:MEMBER_OF]-(b:Organisation)
WHERE a.id = k AND (coalesce(b.closed, '') = '' OR b.closed > $as_of)
RETURN a.id AS source, b.id AS target, 'Partnership|MEMBER_OF|Organisation' AS step
