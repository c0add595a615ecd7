// Purpose: delete SUCCEEDED_BY relationships from Organisation to Organisation that the input no longer names
// Parameters: $rows: list of maps with keys source, target
// Returns: deleted: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:Organisation) WHERE b.id = r.target
MATCH (a)-[x:SUCCEEDED_BY]->(b)
DELETE x
RETURN count(*) AS deleted
