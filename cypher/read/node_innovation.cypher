// Purpose: every Innovation node with its stored properties
// Parameters: none
// Returns: id, name, kind, stage, evidence, withdrawn, extra
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:Innovation)
RETURN n.`id` AS `id`, n.`name` AS `name`, n.`kind` AS `kind`, n.`stage` AS `stage`, n.`evidence` AS `evidence`, n.`withdrawn` AS `withdrawn`, n.`extra` AS `extra`
