// Purpose: every stored tie between two people (KNOWS, stored once per pair) with its dates:
//   the caller keeps those that hold on its date (projection.read_ties) and drops ends that
//   are not people in post by matching them with the people it read. Filtering here cost
//   twice the read on LadybugDB (the dates compared per row in the query).
// Parameters: none
// Returns: source, target (person ids), since, until (the tie's start and end, or null)
MATCH (a:Person)-[k:KNOWS]->(b:Person)
RETURN a.id AS source, b.id AS target, k.`start` AS since, k.`end` AS until
