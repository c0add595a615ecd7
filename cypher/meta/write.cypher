// Purpose: record bookkeeping rows (fingerprints of contract files, the counts they were taken with)
// Parameters: $rows: list of maps with keys key, version, digest, info
// Returns: written: number of rows
UNWIND $rows AS r
MERGE (m:EcographMeta {key: r.key})
SET m.version = r.version, m.digest = r.digest, m.info = r.info
RETURN count(*) AS written
