// Purpose: organisations open on $as_of per ICS and kind, and how many have anything recorded beyond their ICS (people in post, teams, running partnerships, adoptions that count, developments), for the national overview
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: ics (code, or null for organisations in no ICS), kind, organisations, recorded
MATCH (o:Organisation)
WHERE (coalesce(o.closed, '') = '' OR o.closed > $as_of)
OPTIONAL MATCH (o)-[:IN_ICS]->(i:ICS)
WITH i.code AS ics, coalesce(o.kind, 'other') AS kind,
     COUNT { MATCH (o)<-[:WORKS_FOR]-(p:Person) WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of) } + COUNT { MATCH (o)<-[:PART_OF]-(:Team) }
     + COUNT { MATCH (o)-[:MEMBER_OF]->(s:Partnership) WHERE coalesce(s.`start`, '') <= $as_of AND (coalesce(s.`end`, '') = '' OR s.`end` >= $as_of) }
     + COUNT { MATCH (o)-[r:ADOPTED]->(:Innovation) WHERE coalesce(r.`date`, '') <= $as_of AND (coalesce(r.ended, '') = '' OR r.ended > $as_of) AND coalesce(r.stage, '') <> 'abandoned' }
     + COUNT { MATCH (o)-[:DEVELOPED]->(:Innovation) } AS links
RETURN ics, kind, count(*) AS organisations,
       sum(CASE WHEN links > 0 THEN 1 ELSE 0 END) AS recorded
