// Purpose: bulk-load new Partnership nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, name, formal, start, end, programme, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Partnership FROM $rows
