// Purpose: the open health innovation networks that COVER each ICS on $as_of (the coverage
//   running then), for primary_care_cut_off's suggested links (the networks based in an ICS
//   are read with the organisations).
// Parameters:
//   $hin_kind  the kind of a health innovation network ("health-innovation-network")
//   $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: ics (ICS code), id, name, kind (the network)
MATCH (h:Organisation)-[c:COVERS]->(i:ICS)
WHERE h.kind = $hin_kind AND (coalesce(h.closed, '') = '' OR h.closed > $as_of) AND ((coalesce(c.`start`, '') <= $as_of AND (coalesce(c.`end`, '') = '' OR c.`end` >= $as_of)))
RETURN i.code AS ics, h.id AS id, h.name AS name, h.kind AS kind
