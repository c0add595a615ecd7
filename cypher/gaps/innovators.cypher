// Purpose: the open organisations that are innovators on $as_of, for the gap rules computed
//   over the organisation graph (not_yet_mapped, no_route_to_support, primary_care_cut_off):
//   an organisation whose adoption counts then (made by then, not ended, not abandoned, the
//   innovation not withdrawn), or that takes over the counting adoption of a closed
//   predecessor (SUCCEEDED_BY, up to 5 steps), or that, one of its teams (PART_OF) or one of its
//   people (WORKS_FOR, also one who has left: the credit stays) DEVELOPED an innovation that is
//   not withdrawn (ecograph/asof.py).
//   How: from the adoptions and developments (a few thousand), not from every organisation.
// Parameters:
//   $as_of  the as-of date, YYYY-MM-DD
// Returns: id (organisation id; an organisation can be returned more than once)
MATCH (o:Organisation)-[r:ADOPTED]->(n:Innovation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END)
RETURN o.id AS id
UNION ALL
MATCH (c:Organisation)-[r:ADOPTED]->(n:Innovation)
WHERE NOT (coalesce(c.closed, '') = '' OR c.closed > $as_of) AND coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' AND (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END)
MATCH (c)-[:SUCCEEDED_BY*1..5]->(o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN o.id AS id
UNION ALL
MATCH (n:Innovation)<-[:DEVELOPED]-()-[:PART_OF|WORKS_FOR*0..1]->(o:Organisation)
WHERE (CASE WHEN coalesce(n.withdrawn, '') = '' THEN coalesce(n.stage, '') <> 'withdrawn' ELSE n.withdrawn > $as_of END) AND (coalesce(o.closed, '') = '' OR o.closed > $as_of)
RETURN o.id AS id
