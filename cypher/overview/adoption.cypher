// Purpose: open organisations in each ICS whose adoption of one innovation counts on $as_of (made by
//   then, not ended, not abandoned), for the national overview's adoption measure
// Parameters: $innovation (innovation id); $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: ics, adopters
MATCH (n:Innovation)
WHERE n.id = $innovation
MATCH (i:ICS)<-[:IN_ICS]-(o:Organisation)-[r:ADOPTED]->(n)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned'
RETURN i.code AS ics, count(DISTINCT o) AS adopters
