// Purpose: the people in post on $as_of, as spread/route_people.cypher, with LadybugDB's number
//   for each (the offset of its node), so the ties can be read as numbers (LadybugDB only)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, node (the node's offset in the Person table)
MATCH (p:Person)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
RETURN p.id AS id, p.name AS name, offset(ID(p)) AS node
