// Purpose: bulk-load new WORKS_IN relationships from Person to Team on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY WORKS_IN FROM $rows (from='Person', to='Team')
