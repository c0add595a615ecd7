// Purpose: ties holding on $as_of between people in post, counted by the ICSs of the open organisations they work for (a = b: ties inside one ICS), for the national overview
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: a, b (ICS codes), ties
MATCH (ia:ICS)<-[:IN_ICS]-(oa:Organisation)<-[:WORKS_FOR]-(pa:Person)-[k:KNOWS]->(pb:Person)-[:WORKS_FOR]->(ob:Organisation)-[:IN_ICS]->(ib:ICS)
WHERE (coalesce(oa.closed, '') = '' OR oa.closed > $as_of) AND (coalesce(ob.closed, '') = '' OR ob.closed > $as_of) AND coalesce(k.`start`, '') <= $as_of AND (coalesce(k.`end`, '') = '' OR k.`end` >= $as_of)
WITH ia, ib, pa, pb
WHERE coalesce(pa.`start`, '') <= $as_of AND (coalesce(pa.`left`, '') = '' OR pa.`left` > $as_of) AND coalesce(pb.`start`, '') <= $as_of AND (coalesce(pb.`left`, '') = '' OR pb.`left` > $as_of)
RETURN ia.code AS a, ib.code AS b, count(*) AS ties
