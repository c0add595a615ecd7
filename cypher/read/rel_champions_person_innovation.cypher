// Purpose: every CHAMPIONS relationship from Person to Innovation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Person)-[x:CHAMPIONS]->(b:Innovation)
RETURN a.id AS source, b.id AS target
