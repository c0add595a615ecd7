// Purpose: every Person node with its stored properties
// Parameters: none
// Returns: id, name, job_title, innovation_lead, clinical_champion, innovation_scout, start, left, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Person)
RETURN n.`id` AS `id`, n.`name` AS `name`, n.`job_title` AS `job_title`, n.`innovation_lead` AS `innovation_lead`, n.`clinical_champion` AS `clinical_champion`, n.`innovation_scout` AS `innovation_scout`, n.`start` AS `start`, n.`left` AS `left`, n.`extra` AS `extra`
