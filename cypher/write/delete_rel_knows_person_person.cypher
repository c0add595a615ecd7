// Purpose: delete KNOWS relationships from Person to Person that the input no longer names
// Parameters: $rows: list of maps with keys source, target
// Returns: deleted: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Person) WHERE b.id = r.target
MATCH (a)-[x:KNOWS]->(b)
DELETE x
RETURN count(*) AS deleted
