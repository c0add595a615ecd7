// Purpose: the ICSs each partnership running on $as_of reaches: an open organisation of the ICS is a member, or one of its teams or people in post is, for the national overview
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: partnership (id), ics (code), formal
MATCH (p:Partnership)<-[:MEMBER_OF]-(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
UNION
MATCH (p:Partnership)<-[:MEMBER_OF]-(:Team)-[:PART_OF]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
UNION
MATCH (p:Partnership)<-[:MEMBER_OF]-(a:Person)-[:WORKS_FOR]->(o:Organisation)-[:IN_ICS]->(i:ICS)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`end`, '') = '' OR p.`end` >= $as_of) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(a.`start`, '') <= $as_of AND (coalesce(a.`left`, '') = '' OR a.`left` > $as_of)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
