// Purpose: bulk-load new IN_ICS relationships from Organisation to ICS on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY IN_ICS FROM $rows (from='Organisation', to='ICS')
