// Purpose: create or update COVERS relationships from Organisation to ICS
// Parameters: $rows: list of maps with keys source, target, start, end, reference
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:ICS) WHERE b.code = r.target
MERGE (a)-[x:COVERS]->(b)
SET x.`start` = r.`start`, x.`end` = r.`end`, x.`reference` = r.`reference`
RETURN count(*) AS written
