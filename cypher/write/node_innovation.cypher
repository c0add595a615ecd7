// Purpose: create or update Innovation nodes by id
// Parameters: $rows: list of maps with keys id, name, kind, stage, evidence, withdrawn, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Innovation {id: r.id})
SET n.`name` = r.`name`, n.`kind` = r.`kind`, n.`stage` = r.`stage`, n.`evidence` = r.`evidence`, n.`withdrawn` = r.`withdrawn`, n.`extra` = r.`extra`
RETURN count(*) AS written
