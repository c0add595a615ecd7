// Purpose: create or update ADOPTED relationships from Organisation to Innovation
// Parameters: $rows: list of maps with keys source, target, stage, date, ended
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MATCH (a:Organisation) WHERE a.id = r.source
MATCH (b:Innovation) WHERE b.id = r.target
MERGE (a)-[x:ADOPTED]->(b)
SET x.`stage` = r.`stage`, x.`date` = r.`date`, x.`ended` = r.`ended`
RETURN count(*) AS written
