// Purpose: bulk-load new Person nodes on LadybugDB (engine-specific)
// Parameters: $rows: an Arrow table with columns id, name, job_title, innovation_lead, clinical_champion, innovation_scout, start, left, extra
// Returns: a status message
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
COPY Person FROM $rows
