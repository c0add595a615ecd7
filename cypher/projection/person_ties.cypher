// Purpose: every people tie (KNOWS) once per stored direction, without its dates: whether both
//   people are in post is worked out on the arrays, and the ties that do not hold on the date
//   come from person_tie_dates.cypher and person_ties_off.cypher (projection.read_ties; a filter
//   here reads the table about twice as slowly, and the dates cost more to read than the
//   people). Read in any order: LadybugDB then exports it natively (no nulls here).
// Parameters: none
// Returns: source, target (person ids, as stored)
MATCH (a:Person)-[:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target
