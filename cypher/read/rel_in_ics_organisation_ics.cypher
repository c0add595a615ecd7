// Purpose: every IN_ICS relationship from Organisation to ICS
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Organisation)-[x:IN_ICS]->(b:ICS)
RETURN a.id AS source, b.code AS target
