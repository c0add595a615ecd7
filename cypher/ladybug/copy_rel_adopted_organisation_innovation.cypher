// Purpose: bulk-load new ADOPTED relationships from Organisation to Innovation on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns source, target, stage, date, ended
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY ADOPTED FROM $rows (from='Organisation', to='Innovation')
