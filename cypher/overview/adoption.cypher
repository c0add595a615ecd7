// Purpose: organisations in each ICS that adopted one innovation, for the national overview's adoption measure
// Parameters: $innovation (innovation id)
// Returns: ics, adopters
MATCH (n:Innovation)
WHERE n.id = $innovation
MATCH (i:ICS)<-[:IN_ICS]-(o:Organisation)-[:ADOPTED]->(n)
RETURN i.code AS ics, count(DISTINCT o) AS adopters
