// Purpose: teams of the organisations open on $as_of in each ICS, for the national overview (its
//   people come from the people the gap rules read: ecograph/analysis/gaps.py)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: ics, teams
MATCH (i:ICS)<-[:IN_ICS]-(o:Organisation)<-[:PART_OF]-(t:Team)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.code AS ics, count(DISTINCT t) AS teams
