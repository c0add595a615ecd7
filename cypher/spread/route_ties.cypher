// Purpose: every people tie (KNOWS) once per stored direction, with its dates: whether it holds
//   on the date, and whether both people are in post, is worked out on the arrays
//   (ecograph/analysis/spread_graph.py; a filter here reads the table about twice as slowly)
// Parameters: none
// Returns: source, target (person ids, as stored), start, end (ISO dates or null)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target, k.`start` AS `start`, k.`end` AS `end`
