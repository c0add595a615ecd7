// Purpose: bulk-load new COVERS relationships from Organisation to ICS on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target, start, end, reference
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY COVERS FROM $rows (from='Organisation', to='ICS')
