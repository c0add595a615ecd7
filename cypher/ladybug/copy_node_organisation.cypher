// Purpose: bulk-load new Organisation nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, name, kind, region, closed, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Organisation FROM $rows
