// Purpose: the partnerships running on $as_of that each team of an open organisation takes part
//   in, itself or through its people in post
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: member (team id), partnership (partnership id), formal
MATCH (t:Team)-[:MEMBER_OF]->(p:Partnership)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND EXISTS { MATCH (t)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
RETURN t.id AS member, p.id AS partnership, p.formal AS formal
UNION
MATCH (t:Team)<-[:WORKS_IN]-(a:Person)-[:MEMBER_OF]->(p:Partnership)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of) AND EXISTS { MATCH (t)-[:PART_OF]->(o:Organisation) WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) }
RETURN t.id AS member, p.id AS partnership, p.formal AS formal
