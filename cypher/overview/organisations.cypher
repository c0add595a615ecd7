// Purpose: organisations open on $as_of, for the national overview: each with its ICS, its kind
//   and how many things other than its people are recorded for it (teams, running partnerships,
//   adoptions that count, developments); its people in post come from overview/staffed (counting
//   them here, per organisation, took most of this query's time at national size)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id, ics (code, or null for organisations in no ICS), kind, links
MATCH (o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
OPTIONAL MATCH (o)-[:IN_ICS]->(i:ICS)
RETURN o.id AS id, i.code AS ics, coalesce(o.kind, 'other') AS kind,
       COUNT { MATCH (o)<-[:PART_OF]-(:Team) }
       + COUNT { MATCH (o)-[:MEMBER_OF]->(s:Partnership) WHERE coalesce(s.`start`, '') <= $as_of AND (coalesce(s.`end`, '') = '' OR s.`end` >= $as_of) }
       + COUNT { MATCH (o)-[r:ADOPTED]->(:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' }
       + COUNT { MATCH (o)-[:DEVELOPED]->(:Innovation) } AS links
