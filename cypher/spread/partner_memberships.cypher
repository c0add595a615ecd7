// Purpose: the partnerships running on $as_of that each open organisation takes part in, itself
//   or through its teams or people in post: organisations sharing one are partners (as in the organisation projection)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: member (organisation id), partnership (partnership id)
MATCH (o:Organisation)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of)
RETURN o.id AS member, p.id AS partnership
UNION
MATCH (o:Organisation)<-[:PART_OF]-(:Team)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of)
RETURN o.id AS member, p.id AS partnership
UNION
MATCH (o:Organisation)<-[:WORKS_FOR]-(a:Person)-[:MEMBER_OF]->(p:Partnership)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of)
RETURN o.id AS member, p.id AS partnership
