// Purpose: bulk-load new Barrier nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, category, description, agreed_by, date, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Barrier FROM $rows
