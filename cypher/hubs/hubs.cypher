// Purpose: the hubs open on $as_of (health innovation networks and innovation hubs, kind in $hub_kinds) with
//   the ICS each is based in (IN_ICS) and the ICSs it COVERS on $as_of (the coverage runs: started, and no end date or
//   one not before $as_of).
// Parameters:
//   $hub_kinds  the hub kinds ("health-innovation-network", "innovation-hub")
//   $as_of  the as-of date, YYYY-MM-DD
// Returns: id, name, kind, ics (the ICS it is based in), covers (codes of the ICSs it covers now)
MATCH (h:Organisation)-[:IN_ICS]->(i:ICS)
WHERE h.kind IN $hub_kinds AND (coalesce(h.closed, '') = '' OR h.closed > $as_of)
OPTIONAL MATCH (h)-[c:COVERS]->(x:ICS)
WHERE (coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`end`, '') = '' OR c.`end` >= $as_of))
WITH h, i, collect(x.code) AS covers
RETURN h.id AS id, h.name AS name, h.kind AS kind, i.code AS ics, covers
ORDER BY id
