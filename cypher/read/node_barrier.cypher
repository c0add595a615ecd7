// Purpose: every Barrier node with its stored properties
// Parameters: none
// Returns: id, category, description, agreed_by, date, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Barrier)
RETURN n.`id` AS `id`, n.`category` AS `category`, n.`description` AS `description`, n.`agreed_by` AS `agreed_by`, n.`date` AS `date`, n.`extra` AS `extra`
