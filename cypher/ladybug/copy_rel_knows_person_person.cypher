// Purpose: bulk-load new KNOWS relationships from Person to Person on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target, context, start, end
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY KNOWS FROM $rows (from='Person', to='Person')
