// Purpose: the partnerships each hub (kind in $hub_kinds) is a member of, itself or through one of
//   its teams (PART_OF) or people (WORKS_FOR), with the role of each such membership, ended
//   partnerships included (a hub's history).
// Parameters:
//   $hub_kinds  the hub kinds ("health-innovation-network", "innovation-hub")
//   $as_of  the as-of date, YYYY-MM-DD (memberships in the name of people in post then; ecograph.analysis.hubs
//           keeps the partnerships started by then)
// Returns: hub (organisation id), partnership (id), formal, start, end_date, role (lead or member)
MATCH (h:Organisation)<-[:PART_OF|WORKS_FOR*0..1]-(m)-[r:MEMBER_OF]->(p:Partnership)
WHERE h.kind IN $hub_kinds AND (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of))
RETURN h.id AS hub, p.id AS partnership, p.formal AS formal, p.start AS start, p.`end` AS end_date,
       r.role AS role
ORDER BY hub, partnership
