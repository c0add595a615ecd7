// Purpose: every partnership membership (MEMBER_OF) of an organisation, a team or a person;
//   partnerships not running on the date and members not present then are left out in Python
//   (they are not among the open organisations, running partnerships, route_teams, route_people).
//   Read in any order: LadybugDB then exports it natively (no nulls here).
// Parameters: none
// Returns: label (Organisation, Team or Person), member (id), partnership (id)
MATCH (o:Organisation)-[:MEMBER_OF]->(p:Partnership)
RETURN 'Organisation' AS label, o.id AS member, p.id AS partnership
UNION ALL
MATCH (t:Team)-[:MEMBER_OF]->(p:Partnership)
RETURN 'Team' AS label, t.id AS member, p.id AS partnership
UNION ALL
MATCH (a:Person)-[:MEMBER_OF]->(p:Partnership)
RETURN 'Person' AS label, a.id AS member, p.id AS partnership
