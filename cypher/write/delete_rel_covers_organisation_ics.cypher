// Purpose: delete COVERS relationships from Organisation to ICS that the input no longer names
// Parameters: $rows: list of maps with keys source, target
// Returns: deleted: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:ICS) WHERE b.code = r.target
MATCH (a)-[x:COVERS]->(b)
DELETE x
RETURN count(*) AS deleted
