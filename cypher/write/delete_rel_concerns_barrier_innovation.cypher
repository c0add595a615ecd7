// Purpose: delete CONCERNS relationships from Barrier to Innovation that the input no longer names
// Parameters: $rows: list of maps with keys source, target
// Returns: deleted: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Barrier) WHERE a.id = r.source
MATCH (b:Innovation) WHERE b.id = r.target
MATCH (a)-[x:CONCERNS]->(b)
DELETE x
RETURN count(*) AS deleted
