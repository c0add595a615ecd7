// Purpose: every Partnership node with its stored properties
// Parameters: none
// Returns: id, name, formal, start, end, programme, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Partnership)
RETURN n.`id` AS `id`, n.`name` AS `name`, n.`formal` AS `formal`, n.`start` AS `start`, n.`end` AS `end`, n.`programme` AS `programme`, n.`extra` AS `extra`
