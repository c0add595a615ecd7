// Purpose: every SUCCEEDED_BY relationship from Organisation to Organisation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Organisation)-[x:SUCCEEDED_BY]->(b:Organisation)
RETURN a.id AS source, b.id AS target
