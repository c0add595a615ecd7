// Purpose: people who know someone at an adopter (or at the innovation's origin, or a developer
//   in person): the warm contacts for partners of an innovation
// Parameters: $organisations  ids of adopter and origin organisations;
//   $people  ids of people who developed the innovation (either list may be empty)
// Returns: contact, contact_organisation (the person on the adopter side and their
//   organisation id), id, organisation (the person they know and that person's organisation id)
UNWIND $organisations AS k
MATCH (o:Organisation)<-[:WORKS_FOR]-(a:Person)-[:KNOWS]-(b:Person)
WHERE o.id = k
MATCH (b)-[:WORKS_FOR]->(c:Organisation)
RETURN a.id AS contact, o.id AS contact_organisation, b.id AS id, c.id AS organisation
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[:KNOWS]-(b:Person)
WHERE a.id = k
MATCH (b)-[:WORKS_FOR]->(c:Organisation)
OPTIONAL MATCH (a)-[:WORKS_FOR]->(o:Organisation)
RETURN a.id AS contact, o.id AS contact_organisation, b.id AS id, c.id AS organisation
