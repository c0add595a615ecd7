// Purpose: the people graph, for the structural gap rules computed in Python
//   (disconnected_communities, single_person_bridges): one row per person with their
//   organisation, its ICS, and the people they know (each KNOWS once, as stored).
// Parameters: none
// Returns: person_id, person_name, organisation_id, organisation_name, organisation_kind, ics,
//   knows (ids of the people this person KNOWS, in the stored direction)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
OPTIONAL MATCH (p)-[:KNOWS]->(q:Person)
WITH p, o, i, collect(q.id) AS knows
RETURN p.id AS person_id, p.name AS person_name, o.id AS organisation_id,
       o.name AS organisation_name, o.kind AS organisation_kind, i.code AS ics, knows
ORDER BY person_id
