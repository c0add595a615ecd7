// Purpose: create or update Partnership nodes by id
// Parameters: $rows: list of maps with keys id, name, formal, start, end, programme, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Partnership {id: r.id})
SET n.`name` = r.`name`, n.`formal` = r.`formal`, n.`start` = r.`start`, n.`end` = r.`end`, n.`programme` = r.`programme`, n.`extra` = r.`extra`
RETURN count(*) AS written
