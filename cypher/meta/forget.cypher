// Purpose: drop every fingerprint, so the next ingest reads the store back and compares in full (for a sync that removes what the files no longer hold)
// Parameters: none
// Returns: nothing
MATCH (m:EcographMeta)
WHERE m.key <> 'store'
DELETE m
