// Purpose: every ICS node with its stored properties
// Parameters: none
// Returns: code, name, region, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:ICS)
RETURN n.`code` AS `code`, n.`name` AS `name`, n.`region` AS `region`, n.`extra` AS `extra`
