// Purpose: bulk-load new DEVELOPED relationships from Team to Innovation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY DEVELOPED FROM $rows (from='Team', to='Innovation')
