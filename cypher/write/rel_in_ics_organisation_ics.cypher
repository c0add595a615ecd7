// Purpose: create or update IN_ICS relationships from Organisation to ICS
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:ICS) WHERE b.code = r.target
MERGE (a)-[x:IN_ICS]->(b)
RETURN count(*) AS written
