// Purpose: bulk-load new WORKS_FOR relationships from Person to Organisation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY WORKS_FOR FROM $rows (from='Person', to='Organisation')
