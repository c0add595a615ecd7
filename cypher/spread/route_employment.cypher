// Purpose: who works where (WORKS_FOR): routes and people ties pass only through the
//   organisations open on the date (spread/organisations.cypher), and a person working for
//   another one (a closed one) has left the present; people not in post are left out on the
//   arrays, against route_people (ecograph/analysis/spread_graph.py; a filter on either here
//   reads the relationship about twice as slowly). Read in any order: LadybugDB then exports
//   it natively (no nulls here).
// Parameters: none
// Returns: person, organisation (ids)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
RETURN p.id AS person, o.id AS organisation
