// Purpose: create every node and relationship table on LadybugDB (engine-specific DDL)
// Parameters: none
// Returns: nothing
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.

CREATE NODE TABLE IF NOT EXISTS ICS(code STRING PRIMARY KEY, `name` STRING, `region` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Organisation(id STRING PRIMARY KEY, `name` STRING, `kind` STRING, `region` STRING, `closed` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Team(id STRING PRIMARY KEY, `name` STRING, `function` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Person(id STRING PRIMARY KEY, `name` STRING, `job_title` STRING, `innovation_lead` BOOLEAN, `clinical_champion` BOOLEAN, `innovation_scout` BOOLEAN, `start` STRING, `left` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Innovation(id STRING PRIMARY KEY, `name` STRING, `kind` STRING, `stage` STRING, `evidence` STRING, `withdrawn` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Partnership(id STRING PRIMARY KEY, `name` STRING, `formal` BOOLEAN, `start` STRING, `end` STRING, `programme` STRING, `extra` STRING);
CREATE NODE TABLE IF NOT EXISTS Barrier(id STRING PRIMARY KEY, `category` STRING, `description` STRING, `agreed_by` STRING, `date` STRING, `extra` STRING);
CREATE REL TABLE IF NOT EXISTS IN_ICS(FROM Organisation TO ICS);
CREATE REL TABLE IF NOT EXISTS SUCCEEDED_BY(FROM Organisation TO Organisation);
CREATE REL TABLE IF NOT EXISTS PART_OF(FROM Team TO Organisation);
CREATE REL TABLE IF NOT EXISTS WORKS_FOR(FROM Person TO Organisation);
CREATE REL TABLE IF NOT EXISTS WORKS_IN(FROM Person TO Team);
CREATE REL TABLE IF NOT EXISTS KNOWS(FROM Person TO Person, `context` STRING, `start` STRING, `end` STRING);
CREATE REL TABLE IF NOT EXISTS MEMBER_OF(FROM Organisation TO Partnership, FROM Team TO Partnership, FROM Person TO Partnership, `role` STRING);
CREATE REL TABLE IF NOT EXISTS DEVELOPED(FROM Organisation TO Innovation, FROM Team TO Innovation, FROM Person TO Innovation);
CREATE REL TABLE IF NOT EXISTS ADOPTED(FROM Organisation TO Innovation, `stage` STRING, `date` STRING, `ended` STRING);
CREATE REL TABLE IF NOT EXISTS CHAMPIONS(FROM Person TO Innovation);
CREATE REL TABLE IF NOT EXISTS COVERS(FROM Organisation TO ICS, `start` STRING, `end` STRING, `reference` STRING);
CREATE REL TABLE IF NOT EXISTS BARRIER_IN(FROM Barrier TO ICS);
CREATE REL TABLE IF NOT EXISTS CONCERNS(FROM Barrier TO Organisation, FROM Barrier TO Innovation, FROM Barrier TO Partnership);
