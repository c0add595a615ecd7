// Purpose: create or update CHAMPIONS relationships from Person to Innovation
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Innovation) WHERE b.id = r.target
MERGE (a)-[x:CHAMPIONS]->(b)
RETURN count(*) AS written
