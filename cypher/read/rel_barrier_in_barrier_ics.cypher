// Purpose: every BARRIER_IN relationship from Barrier to ICS
// Parameters: none
// Returns: source, target
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Barrier)-[x:BARRIER_IN]->(b:ICS)
RETURN a.id AS source, b.code AS target
