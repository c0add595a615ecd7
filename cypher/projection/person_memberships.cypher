// Purpose: people in post on $as_of who are members, in their own name, of a partnership running
//   then (organisation open: the projection drops people of closed organisations)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: member (person id), partnership (partnership id), formal
MATCH (a:Person)-[:MEMBER_OF]->(p:Partnership)
WHERE coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of)
  AND NOT EXISTS { MATCH (a)-[:WORKS_FOR]->(o:Organisation) WHERE NOT (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
RETURN a.id AS member, p.id AS partnership, p.formal AS formal
