// Purpose: the people who work for an organisation of one ICS, with their stored properties and that organisation: the people a map of the ICS draws
// Parameters: $ics  the ICS code
// Returns: id, name, job_title, innovation_lead, clinical_champion, innovation_scout, start, left, extra,
//   organisation
MATCH (i:ICS)<-[:IN_ICS]-(o:Organisation)<-[:WORKS_FOR]-(n:Person)
WHERE i.code = $ics
RETURN n.id AS id, n.name AS name, n.job_title AS job_title, n.innovation_lead AS innovation_lead,
       n.clinical_champion AS clinical_champion, n.innovation_scout AS innovation_scout, n.`start` AS `start`,
       n.`left` AS `left`, n.extra AS extra,
       o.id AS organisation
