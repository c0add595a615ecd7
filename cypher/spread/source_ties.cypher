// Purpose: people who know someone at an adopter (or at the innovation's origin, or a developer
//   in person): the warm contacts for partners of an innovation
// Parameters: $organisations  ids of adopter and origin organisations;
//   $people  ids of people who developed the innovation (either list may be empty);
//   $as_of  the as-of date: ties that hold then, between people in post at open organisations
// Returns: contact, contact_organisation (the person on the adopter side and their
//   organisation id), id, organisation (the person they know and that person's organisation id)
// (the people's dates are tested apart from the tie's: LadybugDB 0.22 drops rows when one WHERE
//  tests a property of an undirected relationship and the same-named property of its far end)
UNWIND $organisations AS k
MATCH (o:Organisation)<-[:WORKS_FOR]-(a:Person)-[r:KNOWS]-(b:Person)
WHERE o.id = k AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(r.`start`, '') <= $as_of AND (coalesce(r.`end`, '') = '' OR r.`end` >= $as_of)
WITH o, a, b
WHERE coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of)
MATCH (b)-[:WORKS_FOR]->(c:Organisation)
WHERE (coalesce(c.closed, '') = '' OR c.closed > $as_of)
RETURN a.id AS contact, o.id AS contact_organisation, b.id AS id, c.id AS organisation
UNION ALL
UNWIND $people AS k
MATCH (a:Person)-[r:KNOWS]-(b:Person)
WHERE a.id = k AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(r.`start`, '') <= $as_of AND (coalesce(r.`end`, '') = '' OR r.`end` >= $as_of)
WITH a, b
WHERE coalesce(b.`start`, '') <= $as_of AND (coalesce(b.`left`, '') = '' OR b.`left` > $as_of)
MATCH (b)-[:WORKS_FOR]->(c:Organisation)
WHERE (coalesce(c.closed, '') = '' OR c.closed > $as_of)
OPTIONAL MATCH (a)-[:WORKS_FOR]->(o:Organisation)
RETURN a.id AS contact, o.id AS contact_organisation, b.id AS id, c.id AS organisation
