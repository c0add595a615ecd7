// Purpose: the organisation of each person in post on $as_of, where it is open (the team and
//   organisation projections count their people's ties through this and projection/person_teams)
// Parameters: $as_of: the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: member (person id), organisation (organisation id)
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
  AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN p.id AS member, o.id AS organisation
