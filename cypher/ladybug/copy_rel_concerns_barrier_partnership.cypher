// Purpose: bulk-load new CONCERNS relationships from Barrier to Partnership on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY CONCERNS FROM $rows (from='Barrier', to='Partnership')
