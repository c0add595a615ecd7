// Purpose: uniqueness constraint on the key of every node label (Neo4j)
// Parameters: none
// Returns: nothing
// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.

CREATE CONSTRAINT ics_code_unique IF NOT EXISTS FOR (n:ICS) REQUIRE n.code IS UNIQUE;
CREATE CONSTRAINT organisation_id_unique IF NOT EXISTS FOR (n:Organisation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT team_id_unique IF NOT EXISTS FOR (n:Team) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT person_id_unique IF NOT EXISTS FOR (n:Person) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT innovation_id_unique IF NOT EXISTS FOR (n:Innovation) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT partnership_id_unique IF NOT EXISTS FOR (n:Partnership) REQUIRE n.id IS UNIQUE;
CREATE CONSTRAINT barrier_id_unique IF NOT EXISTS FOR (n:Barrier) REQUIRE n.id IS UNIQUE;
