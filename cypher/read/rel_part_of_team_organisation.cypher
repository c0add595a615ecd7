// Purpose: every PART_OF relationship from Team to Organisation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Team)-[x:PART_OF]->(b:Organisation)
RETURN a.id AS source, b.id AS target
