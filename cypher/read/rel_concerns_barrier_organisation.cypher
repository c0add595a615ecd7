// Purpose: every CONCERNS relationship from Barrier to Organisation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Barrier)-[x:CONCERNS]->(b:Organisation)
RETURN a.id AS source, b.id AS target
