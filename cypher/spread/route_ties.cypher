// Purpose: every people tie (KNOWS) once per stored direction, without its dates: whether it
//   holds on the date comes from route_ties_off.cypher, and whether both people are in post is
//   worked out on the arrays (ecograph/analysis/spread_graph.py; the dates cost more to read
//   than the people, and a filter here reads the table about twice as slowly)
// Parameters: none
// Returns: source, target (person ids, as stored)
MATCH (a:Person)-[:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target
