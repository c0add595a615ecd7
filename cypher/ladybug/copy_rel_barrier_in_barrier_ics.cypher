// Purpose: bulk-load new BARRIER_IN relationships from Barrier to ICS on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY BARRIER_IN FROM $rows (from='Barrier', to='ICS')
