// Purpose: bulk-load new PART_OF relationships from Team to Organisation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY PART_OF FROM $rows (from='Team', to='Organisation')
