// Purpose: every WORKS_FOR relationship from Person to Organisation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Person)-[x:WORKS_FOR]->(b:Organisation)
RETURN a.id AS source, b.id AS target
