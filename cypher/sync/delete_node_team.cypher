// Purpose: delete Team nodes by id, with every relationship they have (a sync or `ecograph remove`)
// Parameters: $ids: list of id values
// Returns: deleted: number of nodes
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $ids AS wanted
MATCH (n:Team)
WHERE n.id = wanted
DETACH DELETE n
RETURN count(*) AS deleted
