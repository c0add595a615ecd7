// Purpose: the organisations and their partnerships, for the structural gap rules computed in
//   Python (disconnected_communities, single_person_bridges), as of $as_of (ecograph/asof.py):
//   one row per open organisation with
//   the partnerships it is a member of, directly or through one of its teams (PART_OF) or
//   people in post (WORKS_FOR), formal or not, that run (no end date, or one not before $as_of).
// Parameters:
//   $as_of  the as-of date, YYYY-MM-DD
// Returns: organisation_id, organisation_name, organisation_kind, ics, partnerships (ids)
MATCH (o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
OPTIONAL MATCH (o)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH o, i, collect(p.id) AS direct
OPTIONAL MATCH (o)<-[:PART_OF|WORKS_FOR]-(m)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(m.`start`, '') <= $as_of AND (coalesce(m.`left`, '') = '' OR m.`left` > $as_of)) AND (coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of))
WITH o, i, direct, collect(p.id) AS indirect
RETURN o.id AS organisation_id, o.name AS organisation_name, o.kind AS organisation_kind,
       i.code AS ics, direct + indirect AS partnerships
ORDER BY organisation_id
