// Purpose: delete MEMBER_OF relationships from Person to Partnership that the input no longer names
// Parameters: $rows: list of maps with keys source, target
// Returns: deleted: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Partnership) WHERE b.id = r.target
MATCH (a)-[x:MEMBER_OF]->(b)
DELETE x
RETURN count(*) AS deleted
