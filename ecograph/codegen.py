"""Derive the schema DDL and the write/read queries in ``cypher/`` from the domain model.

Run ``python -m ecograph.codegen`` after changing :mod:`ecograph.model`; the test suite fails
while the files on disk differ from what this module generates.
"""

from __future__ import annotations

import sys
from pathlib import Path

from . import model
from .resources import resource_path

GENERATED = "// Generated from ecograph/model.py by `python -m ecograph.codegen`; do not edit.\n"


def _header(purpose: str, parameters: str, returns: str) -> str:
    return (f"// Purpose: {purpose}\n// Parameters: {parameters}\n// Returns: {returns}\n"
            + GENERATED)


def rel_query_name(rel_type: str, source: str, target: str) -> str:
    """Stem of the query files for one relationship type between two labels."""
    return f"{rel_type.lower()}_{source.lower()}_{target.lower()}"


def _ladybug_type(label: str, prop: str) -> str:
    spec = model.NODE_BY_LABEL[label]
    types = {c.name: c.type for c in spec.columns}
    return "BOOLEAN" if types.get(prop) == "flag" else "STRING"


def ladybug_schema() -> str:
    lines = [_header("create every node and relationship table on LadybugDB (engine-specific DDL)",
                     "none", "nothing")]
    for spec in model.NODES:
        cols = [f"{spec.key} STRING PRIMARY KEY"]
        cols += [f"`{p}` {_ladybug_type(spec.label, p)}" for p in model.stored_properties(spec.label)[1:]]
        lines.append(f"CREATE NODE TABLE IF NOT EXISTS {spec.label}({', '.join(cols)});")
    for rel in model.RELATIONSHIPS:
        parts = [f"FROM {a} TO {b}" for a, b in rel.endpoints]
        parts += [f"`{p}` STRING" for p in rel.properties]
        lines.append(f"CREATE REL TABLE IF NOT EXISTS {rel.type}({', '.join(parts)});")
    return "\n".join(lines) + "\n"


def neo4j_constraints() -> str:
    lines = [_header("uniqueness constraint on the key of every node label (Neo4j)", "none", "nothing")]
    for spec in model.NODES:
        name = f"{spec.label.lower()}_{spec.key}_unique"
        lines.append(f"CREATE CONSTRAINT {name} IF NOT EXISTS FOR (n:{spec.label}) "
                     f"REQUIRE n.{spec.key} IS UNIQUE;")
    return "\n".join(lines) + "\n"


def node_upsert(spec: model.NodeSpec) -> str:
    props = model.stored_properties(spec.label)
    sets = ", ".join(f"n.`{p}` = r.`{p}`" for p in props[1:])
    return (_header(f"create or update {spec.label} nodes by {spec.key}",
                    f"$rows: list of maps with keys {', '.join(props)}",
                    "written: number of rows")
            + f"UNWIND $rows AS r\nMERGE (n:{spec.label} {{{spec.key}: r.{spec.key}}})\n"
            + f"SET {sets}\nRETURN count(*) AS written\n")


def node_read(spec: model.NodeSpec) -> str:
    props = model.stored_properties(spec.label)
    cols = ", ".join(f"n.`{p}` AS `{p}`" for p in props)
    return (_header(f"every {spec.label} node with its stored properties", "none",
                    ", ".join(props))
            + f"MATCH (n:{spec.label})\nRETURN {cols}\n")


def _key(label: str) -> str:
    return model.NODE_BY_LABEL[label].key


def rel_upsert(rel: model.RelSpec, source: str, target: str) -> str:
    text = (_header(f"create or update {rel.type} relationships from {source} to {target}",
                    "$rows: list of maps with keys source, target"
                    + "".join(f", {p}" for p in rel.properties),
                    "written: number of rows")
            + "UNWIND $rows AS r\n"
            + f"MATCH (a:{source}) WHERE a.{_key(source)} = r.source\n"
            + f"MATCH (b:{target}) WHERE b.{_key(target)} = r.target\n"
            + f"MERGE (a)-[x:{rel.type}]->(b)\n")
    if rel.properties:
        text += "SET " + ", ".join(f"x.`{p}` = r.`{p}`" for p in rel.properties) + "\n"
    return text + "RETURN count(*) AS written\n"


def rel_delete(rel: model.RelSpec, source: str, target: str) -> str:
    return (_header(f"delete {rel.type} relationships from {source} to {target} that the input no longer names",
                    "$rows: list of maps with keys source, target", "deleted: number of rows")
            # Each end found by its key first: one MATCH over the pattern with both keys in a
            # WHERE runs ~25x slower on LadybugDB (~230 against ~5,900 rows/s, 200,000 ties).
            + "UNWIND $rows AS r\n"
            + f"MATCH (a:{source}) WHERE a.{_key(source)} = r.source\n"
            + f"MATCH (b:{target}) WHERE b.{_key(target)} = r.target\n"
            + f"MATCH (a)-[x:{rel.type}]->(b)\n"
            + "DELETE x\nRETURN count(*) AS deleted\n")


def node_delete(spec: model.NodeSpec) -> str:
    return (_header(f"delete {spec.label} nodes by {spec.key}, with every relationship they have "
                    "(a sync or `ecograph remove`)",
                    f"$ids: list of {spec.key} values", "deleted: number of nodes")
            # UNWIND with one key each: ~890 nodes/s on LadybugDB against ~670 for `n.id IN $ids`
            # (2,000 people with their ties out of 20,000).
            + f"UNWIND $ids AS wanted\nMATCH (n:{spec.label})\nWHERE n.{spec.key} = wanted\n"
            + "DETACH DELETE n\nRETURN count(*) AS deleted\n")


def rel_read(rel: model.RelSpec, source: str, target: str) -> str:
    cols = [f"a.{_key(source)} AS source", f"b.{_key(target)} AS target"]
    cols += [f"x.`{p}` AS `{p}`" for p in rel.properties]
    return (_header(f"every {rel.type} relationship from {source} to {target}", "none",
                    ", ".join(["source", "target", *rel.properties]))
            + f"MATCH (a:{source})-[x:{rel.type}]->(b:{target})\nRETURN {', '.join(cols)}\n")


def stats() -> str:
    # One row of counts, chained through WITH: LadybugDB 0.22 drops the rows of a UNION ALL
    # of aggregates over empty tables.
    names = [spec.label for spec in model.NODES] + [rel.type for rel in model.RELATIONSHIPS]
    lines, carried = [], []
    for spec in model.NODES:
        lines.append(f"OPTIONAL MATCH (n:{spec.label}) WITH {''.join(c + ', ' for c in carried)}count(n) AS `{spec.label}`")
        carried.append(f"`{spec.label}`")
    for rel in model.RELATIONSHIPS:
        lines.append(f"OPTIONAL MATCH ()-[x:{rel.type}]->() WITH {''.join(c + ', ' for c in carried)}count(x) AS `{rel.type}`")
        carried.append(f"`{rel.type}`")
    lines.append("RETURN " + ", ".join(carried))
    return (_header("count the nodes of each label and the relationships of each type", "none",
                    "one row, a column per label and relationship type: " + ", ".join(names))
            + "\n".join(lines) + "\n")


def ladybug_copy_node(spec: model.NodeSpec) -> str:
    return (_header(f"bulk-load new {spec.label} nodes on LadybugDB (engine-specific)",
                    "$rows: an Arrow table with columns " + ", ".join(model.stored_properties(spec.label)),
                    "a status message")
            + f"COPY {spec.label} FROM $rows\n")


def ladybug_copy_rel(rel: model.RelSpec, source: str, target: str) -> str:
    return (_header(f"bulk-load new {rel.type} relationships from {source} to {target} on LadybugDB "
                    "(engine-specific)",
                    "$rows: an Arrow table with columns source, target" + "".join(f", {p}" for p in rel.properties),
                    "a status message")
            + f"COPY {rel.type} FROM $rows (from='{source}', to='{target}')\n")


def generated_files() -> dict[str, str]:
    """Relative path under ``cypher/`` -> file text, for every generated query."""
    files = {
        "ladybug/schema.cypher": ladybug_schema(),
        "neo4j/constraints.cypher": neo4j_constraints(),
        "read/stats.cypher": stats(),
    }
    for spec in model.NODES:
        files[f"write/node_{spec.label.lower()}.cypher"] = node_upsert(spec)
        files[f"read/node_{spec.label.lower()}.cypher"] = node_read(spec)
        files[f"ladybug/copy_node_{spec.label.lower()}.cypher"] = ladybug_copy_node(spec)
        files[f"sync/delete_node_{spec.label.lower()}.cypher"] = node_delete(spec)
    for rel in model.RELATIONSHIPS:
        for source, target in rel.endpoints:
            stem = rel_query_name(rel.type, source, target)
            files[f"write/rel_{stem}.cypher"] = rel_upsert(rel, source, target)
            files[f"read/rel_{stem}.cypher"] = rel_read(rel, source, target)
            files[f"ladybug/copy_rel_{stem}.cypher"] = ladybug_copy_rel(rel, source, target)
            files[f"write/delete_rel_{stem}.cypher"] = rel_delete(rel, source, target)
    return files


def stale_files(root: Path | None = None) -> list[str]:
    """Generated files that are missing or differ on disk."""
    root = root or resource_path("cypher")
    return [name for name, text in generated_files().items()
            if not (root / name).exists() or (root / name).read_text(encoding="utf-8") != text]


def write_files(root: Path | None = None) -> list[str]:
    root = root or resource_path("cypher")
    changed = stale_files(root)
    for name in changed:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(generated_files()[name], encoding="utf-8")
    return changed


if __name__ == "__main__":
    written = write_files()
    print("\n".join(f"wrote cypher/{n}" for n in written) or "cypher/ is up to date")
    sys.exit(0)
