// Purpose: create or update KNOWS relationships from Person to Person
// Parameters: $rows: list of maps with keys source, target, context, start, end
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Person) WHERE a.id = r.source
MATCH (b:Person) WHERE b.id = r.target
MERGE (a)-[x:KNOWS]->(b)
SET x.`context` = r.`context`, x.`start` = r.`start`, x.`end` = r.`end`
RETURN count(*) AS written
