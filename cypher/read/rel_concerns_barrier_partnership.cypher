// Purpose: every CONCERNS relationship from Barrier to Partnership
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Barrier)-[x:CONCERNS]->(b:Partnership)
RETURN a.id AS source, b.id AS target
