// Purpose: ecograph's bookkeeping: the store's write version (key "store"), the counts recorded with the last fingerprints (key "counts") and one fingerprint per contract file (key "file:<name>")
// Parameters: none
// Returns: key, version, digest, info (JSON text)
MATCH (m:EcographMeta)
RETURN m.key AS key, m.version AS version, m.digest AS digest, m.info AS info
