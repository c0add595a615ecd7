// Purpose: create or update SUCCEEDED_BY relationships from Organisation to Organisation
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:Organisation) WHERE b.id = r.target
MERGE (a)-[x:SUCCEEDED_BY]->(b)
RETURN count(*) AS written
