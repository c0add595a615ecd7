// Purpose: count the nodes of each label and the relationships of each type
// Parameters: none
// Returns: name, kind (node or relationship), count
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
MATCH (n:ICS) RETURN 'ICS' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH (n:Organisation) RETURN 'Organisation' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH (n:Team) RETURN 'Team' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH (n:Person) RETURN 'Person' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH (n:Innovation) RETURN 'Innovation' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH (n:Partnership) RETURN 'Partnership' AS name, 'node' AS kind, count(n) AS count
UNION ALL
MATCH ()-[x:IN_ICS]->() RETURN 'IN_ICS' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:PART_OF]->() RETURN 'PART_OF' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:WORKS_FOR]->() RETURN 'WORKS_FOR' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:WORKS_IN]->() RETURN 'WORKS_IN' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:KNOWS]->() RETURN 'KNOWS' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:MEMBER_OF]->() RETURN 'MEMBER_OF' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:DEVELOPED]->() RETURN 'DEVELOPED' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:ADOPTED]->() RETURN 'ADOPTED' AS name, 'relationship' AS kind, count(x) AS count
UNION ALL
MATCH ()-[x:CHAMPIONS]->() RETURN 'CHAMPIONS' AS name, 'relationship' AS kind, count(x) AS count
