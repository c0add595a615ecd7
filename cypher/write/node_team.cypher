// Purpose: create or update Team nodes by id
// Parameters: $rows: list of maps with keys id, name, function, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Team {id: r.id})
SET n.`name` = r.`name`, n.`function` = r.`function`, n.`extra` = r.`extra`
RETURN count(*) AS written
