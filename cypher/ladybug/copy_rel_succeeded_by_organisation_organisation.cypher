// Purpose: bulk-load new SUCCEEDED_BY relationships from Organisation to Organisation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY SUCCEEDED_BY FROM $rows (from='Organisation', to='Organisation')
