// Purpose: people in post on $as_of at an open organisation of an ICS, with their organisation:
//   the nodes of the people graph of the structural gap rules (what projection/people returns,
//   without the columns these rules do not read)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, name, organisation
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS id, p.name AS name, o.id AS organisation
