// Purpose: every DEVELOPED relationship from Organisation to Innovation
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Organisation)-[x:DEVELOPED]->(b:Innovation)
RETURN a.id AS source, b.id AS target
