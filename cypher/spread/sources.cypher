// Purpose: where a spread route can start on $as_of, for every innovation (read once, then looked
//   up by innovation): the open organisations whose adoption counts then (made by then, not
//   ended, not abandoned), the open successors (SUCCEEDED_BY, up to 5 steps) of closed ones, and
//   the open organisations, teams of open organisations and people in post that developed it
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: innovation (id), label (Organisation, Team or Person), id, role ('adopter' or 'developer')
// Note: no branch returns one expression under two names: LadybugDB 0.22 then mixes up the
//   columns of the other branches of a UNION ALL.
MATCH (o:Organisation)-[r:ADOPTED]->(i:Innovation)
WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, 'Organisation' AS label, o.id AS id, 'adopter' AS role
UNION ALL
MATCH (c:Organisation)-[r:ADOPTED]->(i:Innovation)
WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of)
MATCH (c)-[:SUCCEEDED_BY*1..5]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, 'Organisation' AS label, o.id AS id, 'adopter' AS role
UNION ALL
MATCH (o:Organisation)-[:DEVELOPED]->(i:Innovation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, 'Organisation' AS label, o.id AS id, 'developer' AS role
UNION ALL
MATCH (t:Team)-[:DEVELOPED]->(i:Innovation)
WHERE EXISTS { MATCH (t)-[:PART_OF]->(c:Organisation) WHERE (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN i.id AS innovation, 'Team' AS label, t.id AS id, 'developer' AS role
UNION ALL
MATCH (p:Person)-[:DEVELOPED]->(i:Innovation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
  AND NOT EXISTS { MATCH (p)-[:WORKS_FOR]->(c:Organisation) WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) }
RETURN i.id AS innovation, 'Person' AS label, p.id AS id, 'developer' AS role
