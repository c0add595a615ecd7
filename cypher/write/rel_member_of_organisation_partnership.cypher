// Purpose: create or update MEMBER_OF relationships from Organisation to Partnership
// Parameters: $rows: list of maps with keys source, target, role
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:Partnership) WHERE b.id = r.target
MERGE (a)-[x:MEMBER_OF]->(b)
SET x.`role` = r.`role`
RETURN count(*) AS written
