// Purpose: count one more write to the store (every write does this, so a fingerprint stamped with an older version no longer matches)
// Parameters: none
// Returns: version: the store's write version after this write
MERGE (m:EcographMeta {key: 'store'})
SET m.version = coalesce(m.version, 0) + 1
RETURN m.version AS version
