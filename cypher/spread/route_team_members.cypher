// Purpose: who works in which team (WORKS_IN); people not in post and teams of closed
//   organisations are left out in Python (they are not among route_people and route_teams).
//   Read in any order: LadybugDB then exports it natively (no nulls here).
// Parameters: none
// Returns: person, team (ids)
MATCH (p:Person)-[:WORKS_IN]->(t:Team)
RETURN p.id AS person, t.id AS team
