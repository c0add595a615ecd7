// Purpose: bulk-load new Team nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, name, function, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Team FROM $rows
