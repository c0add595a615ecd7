// Purpose: create or update CONCERNS relationships from Barrier to Organisation
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Barrier) WHERE a.id = r.source
MATCH (b:Organisation) WHERE b.id = r.target
MERGE (a)-[x:CONCERNS]->(b)
RETURN count(*) AS written
