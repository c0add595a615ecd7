// Purpose: every ADOPTED relationship from Organisation to Innovation
// Parameters: none
// Returns: source, target, stage, date, ended
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Organisation)-[x:ADOPTED]->(b:Innovation)
RETURN a.id AS source, b.id AS target, x.`stage` AS `stage`, x.`date` AS `date`, x.`ended` AS `ended`
