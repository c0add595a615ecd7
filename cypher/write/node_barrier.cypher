// Purpose: create or update Barrier nodes by id
// Parameters: $rows: list of maps with keys id, category, description, agreed_by, date, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Barrier {id: r.id})
SET n.`category` = r.`category`, n.`description` = r.`description`, n.`agreed_by` = r.`agreed_by`, n.`date` = r.`date`, n.`extra` = r.`extra`
RETURN count(*) AS written
