// Purpose: people who are members of a partnership in their own name
// Parameters: none
// Returns: member (person id), partnership (partnership id), formal
MATCH (a:Person)-[:MEMBER_OF]->(p:Partnership)
RETURN a.id AS member, p.id AS partnership, p.formal AS formal
