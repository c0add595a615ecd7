// Purpose: delete ICS nodes by code, with every relationship they have (a sync or `ecograph remove`)
// Parameters: $ids: list of code values
// Returns: deleted: number of nodes
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
UNWIND $ids AS wanted
MATCH (n:ICS)
WHERE n.code = wanted
DETACH DELETE n
RETURN count(*) AS deleted
