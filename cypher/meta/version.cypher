// Purpose: the store's write version (0 before the first counted write)
// Parameters: none
// Returns: version
OPTIONAL MATCH (m:EcographMeta {key: 'store'})
RETURN coalesce(m.version, 0) AS version
