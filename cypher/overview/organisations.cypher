// Purpose: organisations per ICS and kind, and how many have anything recorded beyond their ICS (people, teams, partnerships, adoptions, developments), for the national overview
// Parameters: none
// Returns: ics (code, or null for organisations in no ICS), kind, organisations, recorded
MATCH (o:Organisation)
OPTIONAL MATCH (o)-[:IN_ICS]->(i:ICS)
WITH i.code AS ics, coalesce(o.kind, 'other') AS kind,
     COUNT { MATCH (o)<-[:WORKS_FOR]-(:Person) } + COUNT { MATCH (o)<-[:PART_OF]-(:Team) }
     + COUNT { MATCH (o)-[:MEMBER_OF]->(:Partnership) } + COUNT { MATCH (o)-[:ADOPTED]->(:Innovation) }
     + COUNT { MATCH (o)-[:DEVELOPED]->(:Innovation) } AS links
RETURN ics, kind, count(*) AS organisations,
       sum(CASE WHEN links > 0 THEN 1 ELSE 0 END) AS recorded
