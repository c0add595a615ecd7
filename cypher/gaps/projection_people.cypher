// Purpose: the people graph, for the structural gap rules computed in Python
//   (disconnected_communities, single_person_bridges), as of $as_of (ecograph/asof.py): one row
//   per person in post at an open organisation with their
//   organisation, its ICS, the people they know (each KNOWS that holds once, as stored; both in
//   post), their team and the
//   current partnerships they are members of in their own name (not ended before $as_of): the
//   person projection also links people who share a team or such a partnership.
// Parameters:
//   $as_of  the as-of date, YYYY-MM-DD
// Returns: person_id, person_name, organisation_id, organisation_name, organisation_kind, ics,
//   knows (ids of the people this person KNOWS, in the stored direction), teams (ids of the
//   teams they WORK_IN), partnerships (ids)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
// (no property of p in this WHERE: LadybugDB 0.22 reads an earlier variable's properties as missing
//  in an OPTIONAL MATCH's WHERE; p is in post by the MATCH above)
OPTIONAL MATCH (p)-[k:KNOWS]->(q:Person)-[:WORKS_FOR]->(c:Organisation)
WHERE coalesce(q.`start`, '') <= $as_of AND (coalesce(q.`left`, '') = '' OR q.`left` > $as_of)
  AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of) AND (coalesce(c.closed, '') = '' OR c.closed > $as_of)
WITH p, o, i, collect(q.id) AS knows
OPTIONAL MATCH (p)-[:WORKS_IN]->(t:Team)
WITH p, o, i, knows, collect(t.id) AS teams
OPTIONAL MATCH (p)-[:MEMBER_OF]->(s:Partnership)
WHERE (coalesce(s.`start`, '') <= $as_of AND (coalesce(s.`end`, '') = '' OR s.`end` >= $as_of))
WITH p, o, i, knows, teams, collect(s.id) AS partnerships
RETURN p.id AS person_id, p.name AS person_name, o.id AS organisation_id,
       o.name AS organisation_name, o.kind AS organisation_kind, i.code AS ics, knows, teams,
       partnerships
ORDER BY person_id
