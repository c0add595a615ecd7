// Purpose: create or update ICS nodes by code
// Parameters: $rows: list of maps with keys code, name, region, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:ICS {code: r.code})
SET n.`name` = r.`name`, n.`region` = r.`region`, n.`extra` = r.`extra`
RETURN count(*) AS written
