// Purpose: the ICSs each partnership reaches: an organisation of the ICS is a member, or one of its teams or people is, for the national overview
// Parameters: none
// Returns: partnership (id), ics (code), formal
MATCH (p:Partnership)<-[:MEMBER_OF]-(:Organisation)-[:IN_ICS]->(i:ICS)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
UNION
MATCH (p:Partnership)<-[:MEMBER_OF]-(:Team)-[:PART_OF]->(:Organisation)-[:IN_ICS]->(i:ICS)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
UNION
MATCH (p:Partnership)<-[:MEMBER_OF]-(:Person)-[:WORKS_FOR]->(:Organisation)-[:IN_ICS]->(i:ICS)
RETURN p.id AS partnership, i.code AS ics, p.formal AS formal
