// Purpose: count the nodes of each label and the relationships of each type
// Parameters: none
// Returns: one row, a column per label and relationship type: ICS, Organisation, Team, Person, Innovation, Partnership, Barrier, IN_ICS, SUCCEEDED_BY, PART_OF, WORKS_FOR, WORKS_IN, KNOWS, MEMBER_OF, DEVELOPED, ADOPTED, CHAMPIONS, COVERS, BARRIER_IN, CONCERNS
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.
OPTIONAL MATCH (n:ICS) WITH count(n) AS `ICS`
OPTIONAL MATCH (n:Organisation) WITH `ICS`, count(n) AS `Organisation`
OPTIONAL MATCH (n:Team) WITH `ICS`, `Organisation`, count(n) AS `Team`
OPTIONAL MATCH (n:Person) WITH `ICS`, `Organisation`, `Team`, count(n) AS `Person`
OPTIONAL MATCH (n:Innovation) WITH `ICS`, `Organisation`, `Team`, `Person`, count(n) AS `Innovation`
OPTIONAL MATCH (n:Partnership) WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, count(n) AS `Partnership`
OPTIONAL MATCH (n:Barrier) WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, count(n) AS `Barrier`
OPTIONAL MATCH ()-[x:IN_ICS]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, count(x) AS `IN_ICS`
OPTIONAL MATCH ()-[x:SUCCEEDED_BY]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, count(x) AS `SUCCEEDED_BY`
OPTIONAL MATCH ()-[x:PART_OF]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, count(x) AS `PART_OF`
OPTIONAL MATCH ()-[x:WORKS_FOR]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, count(x) AS `WORKS_FOR`
OPTIONAL MATCH ()-[x:WORKS_IN]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, count(x) AS `WORKS_IN`
OPTIONAL MATCH ()-[x:KNOWS]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, count(x) AS `KNOWS`
OPTIONAL MATCH ()-[x:MEMBER_OF]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, count(x) AS `MEMBER_OF`
OPTIONAL MATCH ()-[x:DEVELOPED]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, count(x) AS `DEVELOPED`
OPTIONAL MATCH ()-[x:ADOPTED]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, count(x) AS `ADOPTED`
OPTIONAL MATCH ()-[x:CHAMPIONS]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, `ADOPTED`, count(x) AS `CHAMPIONS`
OPTIONAL MATCH ()-[x:COVERS]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, `ADOPTED`, `CHAMPIONS`, count(x) AS `COVERS`
OPTIONAL MATCH ()-[x:BARRIER_IN]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, `ADOPTED`, `CHAMPIONS`, `COVERS`, count(x) AS `BARRIER_IN`
OPTIONAL MATCH ()-[x:CONCERNS]->() WITH `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, `ADOPTED`, `CHAMPIONS`, `COVERS`, `BARRIER_IN`, count(x) AS `CONCERNS`
RETURN `ICS`, `Organisation`, `Team`, `Person`, `Innovation`, `Partnership`, `Barrier`, `IN_ICS`, `SUCCEEDED_BY`, `PART_OF`, `WORKS_FOR`, `WORKS_IN`, `KNOWS`, `MEMBER_OF`, `DEVELOPED`, `ADOPTED`, `CHAMPIONS`, `COVERS`, `BARRIER_IN`, `CONCERNS`
