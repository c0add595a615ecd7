// Purpose: the latest start and the earliest end of any people tie (KNOWS): when no tie starts
//   after the as-of date nor ends before it, every tie holds then and person_ties_off.cypher
//   need not be read (projection.read_ties)
// Parameters: none
// Returns: latest_start, earliest_end (ISO dates; null when no tie has one; '' may stand for blank)
MATCH (:Person)-[k:KNOWS]->(:Person)
RETURN max(k.`start`) AS latest_start, min(k.`end`) AS earliest_end
