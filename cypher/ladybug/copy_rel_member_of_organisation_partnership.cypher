// Purpose: bulk-load new MEMBER_OF relationships from Organisation to Partnership on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target, role
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY MEMBER_OF FROM $rows (from='Organisation', to='Partnership')
