// Purpose: the table of ecograph's own bookkeeping on LadybugDB: the store's write version and the fingerprint of each contract file an ingest last wrote (not part of the model)
// Parameters: none
// Returns: nothing
CREATE NODE TABLE IF NOT EXISTS EcographMeta(key STRING PRIMARY KEY, version INT64, digest STRING, info STRING);
