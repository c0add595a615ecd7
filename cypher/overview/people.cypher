// Purpose: people and teams recorded in each ICS (through the organisation they work for or belong to), for the national overview
// Parameters: none
// Returns: ics, people, teams
MATCH (i:ICS)
OPTIONAL MATCH (i)<-[:IN_ICS]-(:Organisation)<-[:WORKS_FOR]-(p:Person)
WITH i, count(DISTINCT p) AS people
OPTIONAL MATCH (i)<-[:IN_ICS]-(:Organisation)<-[:PART_OF]-(t:Team)
RETURN i.code AS ics, people, count(DISTINCT t) AS teams
