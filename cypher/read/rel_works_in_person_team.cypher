// Purpose: every WORKS_IN relationship from Person to Team
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Person)-[x:WORKS_IN]->(b:Team)
RETURN a.id AS source, b.id AS target
