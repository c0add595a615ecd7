// Purpose: create or update BARRIER_IN relationships from Barrier to ICS
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Barrier) WHERE a.id = r.source
MATCH (b:ICS) WHERE b.code = r.target
MERGE (a)-[x:BARRIER_IN]->(b)
RETURN count(*) AS written
