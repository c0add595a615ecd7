// Purpose: create or update WORKS_FOR relationships from Person to Organisation
// Parameters: $rows: list of maps with keys source, target
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Organisation) WHERE b.id = r.target
MERGE (a)-[x:WORKS_FOR]->(b)
RETURN count(*) AS written
