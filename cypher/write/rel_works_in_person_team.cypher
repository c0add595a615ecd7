// Purpose: create or update WORKS_IN relationships from Person to Team
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Team) WHERE b.id = r.target
MERGE (a)-[x:WORKS_IN]->(b)
RETURN count(*) AS written
