// Purpose: bulk-load new ICS nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns code, name, region, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY ICS FROM $rows
