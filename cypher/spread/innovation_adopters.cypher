// Purpose: the adopters of one innovation on $as_of (spread/adopters.cypher for one innovation:
//   a single spread or partners call reads only its own): the open organisations whose adoption
//   counts then (made by then, not ended, not abandoned), and the open successors
//   (SUCCEEDED_BY, up to 5 steps) of closed ones
// Parameters: $innovation  the innovation's id, as stored; $as_of  the as-of date, YYYY-MM-DD
//   (ecograph/asof.py)
// Returns: innovation, id (organisation id)
MATCH (o:Organisation)-[r:ADOPTED]->(i:Innovation)
WHERE i.id = $innovation AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, o.id AS id
UNION ALL
MATCH (c:Organisation)-[r:ADOPTED]->(i:Innovation)
WHERE i.id = $innovation AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of)
MATCH (c)-[:SUCCEEDED_BY*1..5]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN i.id AS innovation, o.id AS id
