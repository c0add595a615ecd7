// Purpose: every MEMBER_OF relationship from Team to Partnership
// Parameters: none
// Returns: source, target, role
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Team)-[x:MEMBER_OF]->(b:Partnership)
RETURN a.id AS source, b.id AS target, x.`role` AS `role`
