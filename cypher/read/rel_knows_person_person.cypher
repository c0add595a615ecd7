// Purpose: every KNOWS relationship from Person to Person
// Parameters: none
// Returns: source, target, context, start, end
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (a:Person)-[x:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target, x.`context` AS `context`, x.`start` AS `start`, x.`end` AS `end`
