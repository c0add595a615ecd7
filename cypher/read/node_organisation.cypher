// Purpose: every Organisation node with its stored properties
// Parameters: none
// Returns: id, name, kind, region, closed, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Organisation)
RETURN n.`id` AS `id`, n.`name` AS `name`, n.`kind` AS `kind`, n.`region` AS `region`, n.`closed` AS `closed`, n.`extra` AS `extra`
