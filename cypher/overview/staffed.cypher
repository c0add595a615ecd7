// Purpose: the organisations somebody is in post at on $as_of, with how many, for the national
//   overview's organisations with anything recorded (overview/organisations)
// Parameters: $as_of  the as-of date, YYYY-MM-DD (ecograph/asof.py)
// Returns: id (organisation id), people
MATCH (p:Person)-[:WORKS_FOR]->(o:Organisation)
WHERE coalesce(p.`start`, '') <= $as_of AND (coalesce(p.`left`, '') = '' OR p.`left` > $as_of)
RETURN o.id AS id, count(*) AS people
