// Purpose: create or update Person nodes by id
// Parameters: $rows: list of maps with keys id, name, job_title, innovation_lead, clinical_champion, innovation_scout, start, left, extra
// Returns: written: number of rows
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $rows AS r
MERGE (n:Person {id: r.id})
SET n.`name` = r.`name`, n.`job_title` = r.`job_title`, n.`innovation_lead` = r.`innovation_lead`, n.`clinical_champion` = r.`clinical_champion`, n.`innovation_scout` = r.`innovation_scout`, n.`start` = r.`start`, n.`left` = r.`left`, n.`extra` = r.`extra`
RETURN count(*) AS written
