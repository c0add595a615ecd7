"""What a map of the whole store draws as of today, read independently of the map code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from ecograph.analysis.record import read_record
from ecograph.store import StoreConfig, open_store


def present_counts(store: Path) -> dict[str, int]:
    """Nodes per label that a level-"all" map draws as of today: open organisations with their
    teams and their people in post, running partnerships, every innovation (ecograph.asof's
    rules, through the dated record)."""
    today = date.today().isoformat()
    with open_store(StoreConfig(path=Path(store)), read_only=True) as s:
        record = read_record(s)
    orgs = {o for o in record.nodes["Organisation"] if record.is_open(o, today)}
    return {"Organisation": len(orgs),
            "Team": sum(record.team_org.get(t) in orgs for t in record.nodes["Team"]),
            "Person": sum(record.in_post(p, today) and record.person_org.get(p) in orgs
                          for p in record.nodes["Person"]),
            "Partnership": sum(record.runs(p, today) for p in record.nodes["Partnership"]),
            "Innovation": len(record.nodes["Innovation"])}
