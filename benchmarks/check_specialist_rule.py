"""Issue 13's national check: ``ecograph gaps --rule specialist_without_hin_partnership`` against
an independent computation (plain csv) from the generated contract files.

    python -m benchmarks.check_specialist_rule DATA_FOLDER STORE

A specialist trust is covered when some current formal partnership (formal, no end date or one
not before today) has as members both the trust and a health innovation network that covers
the trust's ICS (a current row of coverage.csv) or is based in it; a member is the
organisation itself, one of its teams or one of its people. Prints the counts and exits 1 when
the rule flags a covered trust or misses an uncovered one.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path



def _read(data: Path, name: str) -> list[dict[str, str]]:
    with open(data / name, newline="", encoding="utf-8-sig") as f:
        return list(csv.DictReader(f))


def expected(data: Path, today: str) -> tuple[set[str], set[str]]:
    """(specialist trusts, those with a current formal partnership with a covering network)."""
    orgs = _read(data, "organisations.csv")
    owner = {o["id"]: o["id"] for o in orgs}
    owner.update({t["id"]: t["organisation"] for t in _read(data, "teams.csv")})
    owner.update({p["id"]: p["organisation"] for p in _read(data, "people.csv")})
    live = {p["id"] for p in _read(data, "partnerships.csv")
            if p["formal"].strip().lower() in ("yes", "y", "true", "1") and (not p["end"] or p["end"] >= today)}
    orgs_of: dict[str, set[str]] = {}
    for m in _read(data, "memberships.csv"):
        if m["partnership"] in live and m["member"] in owner:
            orgs_of.setdefault(m["partnership"], set()).add(owner[m["member"]])
    hins = {o["id"]: o["ics"] for o in orgs if o["kind"] == "health-innovation-network"}
    covering: dict[str, set[str]] = {}
    for c in _read(data, "coverage.csv"):
        if c["organisation"] in hins and (not c["end"] or c["end"] >= today):
            covering.setdefault(c["ics"], set()).add(c["organisation"])
    for hin, ics in hins.items():
        covering.setdefault(ics, set()).add(hin)
    specialists = {o["id"]: o["ics"] for o in orgs if o["kind"] == "specialist-trust"}
    covered = {trust for trust, ics in specialists.items()
               if any(trust in members and members & covering.get(ics, set()) for members in orgs_of.values())}
    return set(specialists), covered


def main(argv: list[str]) -> int:
    data, store = Path(argv[0]), Path(argv[1])
    today = dt.date.today().isoformat()
    cmd = [sys.executable, "-m", "ecograph", "gaps", "--rule", "specialist_without_hin_partnership",
           "--format", "json", "--store", str(store)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=True)
    flagged = {row["subject_id"] for row in json.loads(done.stdout)}
    specialists, covered = expected(data, today)
    wrong = flagged & covered
    missed = (specialists - covered) - flagged
    print(f"command: {' '.join(cmd[2:])}")
    print(f"specialist trusts {len(specialists)}; with a current formal partnership with a covering "
          f"network (independent) {len(covered)}; without {len(specialists - covered)}; flagged by the rule "
          f"{len(flagged)}; flagged although covered {len(wrong)}; uncovered but not flagged {len(missed)}")
    for trust in sorted(wrong | missed):
        print(f"  {trust}: {'flagged although covered' if trust in wrong else 'uncovered, not flagged'}")
    return 1 if wrong or missed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
