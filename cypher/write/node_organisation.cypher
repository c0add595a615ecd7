// Purpose: create or update Organisation nodes by id
// Parameters: $rows: list of maps with keys id, name, kind, region, closed, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Organisation {id: r.id})
SET n.`name` = r.`name`, n.`kind` = r.`kind`, n.`region` = r.`region`, n.`closed` = r.`closed`, n.`extra` = r.`extra`
RETURN count(*) AS written
