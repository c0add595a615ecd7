// Purpose: the people ties (KNOWS) that do not hold on $as_of (ecograph/asof.py: started after
//   it, or ended before it; a blank date is no limit), as the offsets of their Person nodes:
//   taken away from spread/route_tie_offsets.cypher (LadybugDB only)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: source, target (offsets of the Person nodes)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
WHERE k.`start` > $as_of OR (k.`end` <> '' AND k.`end` < $as_of)
RETURN offset(ID(a)) AS source, offset(ID(b)) AS target
