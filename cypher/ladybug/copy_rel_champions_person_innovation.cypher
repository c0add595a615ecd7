// Purpose: bulk-load new CHAMPIONS relationships from Person to Innovation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY CHAMPIONS FROM $rows (from='Person', to='Innovation')
