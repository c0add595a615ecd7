// Purpose: bulk-load new Innovation nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, name, kind, stage, evidence, withdrawn, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Innovation FROM $rows
