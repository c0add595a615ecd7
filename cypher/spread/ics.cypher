// Purpose: every ICS's code and name, to check an ICS code and suggest close ones
// Parameters: none
// Returns: code, name
MATCH (i:ICS)
RETURN i.code AS code, i.name AS name
