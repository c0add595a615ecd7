// Purpose: every ICS with its NHS England region, for the national overview
// Parameters: none
// Returns: code, name, region
MATCH (i:ICS)
RETURN i.code AS code, i.name AS name, i.region AS region
