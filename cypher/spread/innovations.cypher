// Purpose: every innovation's id and name, to check an innovation id and suggest close ones,
//   with what says whether it was withdrawn
// Parameters: none
// Returns: id, name, stage, withdrawn (ISO date or null)
MATCH (n:Innovation)
RETURN n.id AS id, n.name AS name, n.stage AS stage, n.withdrawn AS withdrawn
