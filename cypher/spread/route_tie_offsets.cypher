// Purpose: every people tie (KNOWS) once per stored direction, as the offsets of its two Person
//   nodes and without its dates: half the reading of ids and dates (LadybugDB only; the ties
//   that do not hold come from spread/route_ties_not_holding_offsets.cypher)
// Parameters: none
// Returns: source, target (offsets of the Person nodes)
MATCH (a:Person)-[:KNOWS]->(b:Person)
RETURN offset(ID(a)) AS source, offset(ID(b)) AS target
