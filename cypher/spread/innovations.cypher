// Purpose: every innovation's id and name, to check an innovation id and suggest close ones
// Parameters: none
// Returns: id, name
MATCH (n:Innovation)
RETURN n.id AS id, n.name AS name
