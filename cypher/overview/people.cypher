// Purpose: people in post and teams recorded on $as_of in each ICS (through the open organisation they work for or belong to), for the national overview
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: ics, people, teams
MATCH (i:ICS)
OPTIONAL MATCH (i)<-[:IN_ICS]-(o:Organisation)<-[:WORKS_FOR]-(p:Person)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
WITH i, count(DISTINCT p) AS people
OPTIONAL MATCH (i)<-[:IN_ICS]-(o:Organisation)<-[:PART_OF]-(t:Team)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.code AS ics, people, count(DISTINCT t) AS teams
