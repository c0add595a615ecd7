// Purpose: every COVERS relationship from Organisation to ICS
// Parameters: none
// Returns: source, target, start, end, reference
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Organisation)-[x:COVERS]->(b:ICS)
RETURN a.id AS source, b.code AS target, x.`start` AS `start`, x.`end` AS `end`, x.`reference` AS `reference`
