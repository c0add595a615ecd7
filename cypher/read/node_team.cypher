// Purpose: every Team node with its stored properties
// Parameters: none
// Returns: id, name, function, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Team)
RETURN n.`id` AS `id`, n.`name` AS `name`, n.`function` AS `function`, n.`extra` AS `extra`
