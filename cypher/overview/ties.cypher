// Purpose: ties between people counted by the ICSs of the organisations they work for (a = b: ties inside one ICS), for the national overview
// Parameters: none
// Returns: a, b (ICS codes), ties
MATCH (ia:ICS)<-[:IN_ICS]-(:Organisation)<-[:WORKS_FOR]-(pa:Person)-[:KNOWS]->(pb:Person)-[:WORKS_FOR]->(:Organisation)-[:IN_ICS]->(ib:ICS)
RETURN ia.code AS a, ib.code AS b, count(*) AS ties
