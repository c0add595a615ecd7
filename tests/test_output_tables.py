"""Outputs that fit and cannot be turned against the reader (issue 9 item 9, issue 12 item 3).

The sample ecosystem with hostile and very long names, through the real commands:

* CSV re-read with Python's csv reader has exactly one row per result row, and no cell starts
  (after spaces or invisible characters) with anything a spreadsheet runs as a formula,
  fullwidth forms included;
* terminal tables have no control character, escape sequence or bidi override, every line is
  at most COLUMNS wide (80 and 200), and every value of the JSON output appears in the table.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import random
import re
import shutil
import unicodedata
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from click.testing import CliRunner
from wcwidth import wcswidth

from ecograph.cli import main
from ecograph.output import excel_safe, terminal_safe, to_csv, to_table

SAMPLE = Path(__file__).parent.parent / "ingest" / "sample"
LONG = "Very Long Name " * 14
HOSTILE_PEOPLE = {
    "P001": "Morag Dewhurst\r=HYPERLINK(\"http://evil.example\",\"x\")",
    "P015": "\uff1d1+1 Oisin Sutcliffe",
    "P147": " \t@SUM(A1) Ottilie Cottingham",
    "P040": "\x1b[2J\x1b]8;;http://evil.example\x1b\\Juno\x1b]8;;\x1b\\ \u202eWetherall\x9b31m",
    "P066": "-2+3 " + LONG,
    "P073": "\u200b+cmd|' /C calc'!A0",
    "P002": "=1+1\r-2+3",
}
HOSTILE_ORGANISATIONS = {
    "RBS": "Alder Hey Children's NHS Foundation Trust\r\n+cmd\r@x\n=y",
    "RP4": "\ufe66x Great Ormond Street " + LONG,
    "AHSN-IA": "Innovation Agency \x1b[31m(Health Innovation North West Coast)\x1b[0m",
}
HOSTILE_INNOVATIONS = {"INN-002": "AI chest X-ray triage " + LONG, "INN-001": "=Virtual ward\r\nfor frailty"}
COMMANDS = [["brokers"], ["brokers", "--level", "organisation"],
            pytest.param(["gaps"], marks=pytest.mark.slow, id="gaps"),  # the gap analyses take seconds
            ["gaps", "--list"], ["spread", "INN-005"], ["partners", "INN-005"], ["stats"],
            ["stats", "--as-of", "2026-01-01"], ["diffusion"], ["diffusion", "--curve"],
            ["diffusion", "INN-002", "--as-of", "2026-03-01"],
            # gaps and brokers on two dates
            pytest.param(["changes", "--since", "2025-11-30", "--until", "2026-11-30"], marks=pytest.mark.slow,
                         id="changes")]
FORMULA = set("=+-@\u2212")


def rename(path: Path, names: dict[str, str]) -> None:
    with path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    for row in rows[1:]:
        row[1] = names.get(row[0], row[1])
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


@pytest.fixture(scope="module")
def store(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("hostile")
    data = folder / "in"
    shutil.copytree(SAMPLE, data)
    rename(data / "people.csv", HOSTILE_PEOPLE)
    rename(data / "organisations.csv", HOSTILE_ORGANISATIONS)
    rename(data / "innovations.csv", HOSTILE_INNOVATIONS)
    result = CliRunner().invoke(main, ["ingest", str(data), "--store", str(folder / "s")])
    assert result.exit_code == 0, result.output
    return folder / "s"


def invoke(store: Path, command: list[str], fmt: str, columns: int = 80):
    args = [*command, "--format", fmt] + ([] if command == ["gaps", "--list"] else ["--store", str(store)])
    result = CliRunner().invoke(main, args, env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.output
    return result


def run(store: Path, command: list[str], fmt: str, columns: int = 80) -> str:
    return invoke(store, command, fmt, columns).stdout


@functools.lru_cache(maxsize=None)
def json_rows(store: Path, command: tuple[str, ...]) -> list[dict]:
    return json.loads(run(store, list(command), "json"))


def starts_a_formula(cell: str) -> bool:
    """Independent of the code under test: the first character a spreadsheet would look at."""
    rest = cell
    while rest and (rest[0].isspace() or unicodedata.category(rest[0]) in ("Cc", "Cf", "Zs")):
        rest = rest[1:]
    return bool(rest) and unicodedata.normalize("NFKC", rest[0]) in FORMULA


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_csv_has_one_row_per_result_and_no_formula(store: Path, command: list[str]) -> None:
    rows = json_rows(store, tuple(command))
    text = run(store, command, "csv")
    parsed = list(csv.reader(io.StringIO(text, newline="")))
    assert len(parsed) == len(rows) + 1
    for line in parsed:
        for cell in line:
            assert is_number(cell) or not starts_a_formula(cell), cell
    if command == ["brokers"]:  # nothing lost: the neutralised cell is the name behind a '
        names = {r["id"]: r["name"] for r in rows}
        by_id = {line[parsed[0].index("id")]: line[parsed[0].index("name")] for line in parsed[1:]}
        assert by_id["P015"] == "'" + names["P015"] and by_id["P001"] == names["P001"]


def test_the_hostile_names_were_stored_as_given(store: Path) -> None:
    rows = json.loads(run(store, ["partners", "INN-005"], "json"))
    assert {r["id"]: r["name"] for r in rows}.get("P001") == HOSTILE_PEOPLE["P001"]


def grid_cells(text: str) -> list[str]:
    """The text of each cell of a grid table, its wrapped lines joined, and every line outside
    the grids (a heading naming what a table is about; other tables)."""
    cells: list[str] = []
    block: list[list[str]] = []
    for line in text.splitlines() + ["├"]:
        if line.startswith("│"):
            parts = line.split("│")[1:-1]
            block = block or [[] for _ in parts]
            for pieces, part in zip(block, parts):
                pieces.append(part.strip())
            continue
        if block:
            cells += [" ".join(p for p in pieces if p) for pieces in block]
            block = []
        if not line.startswith(("┌", "├", "└", "╞", "╘", "╒")):
            cells.append(line)
    return cells


def shown(value) -> list[str]:
    """The scalar values of a JSON value as the table shows them."""
    if isinstance(value, dict):
        return [s for v in value.values() for s in shown(v)]
    if isinstance(value, list):
        return [s for v in value for s in shown(v)]
    if value is None or isinstance(value, bool) or value == "":
        return []
    if isinstance(value, float):
        return [f"{value:.4g}"]
    return [terminal_safe(str(value))]


def squash(text: str) -> str:
    return "".join(text.split())


@pytest.mark.parametrize("columns", [80, 200])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_table_fits_is_harmless_and_loses_nothing(store: Path, command: list[str], columns: int) -> None:
    result = invoke(store, command, "table", columns)
    table = result.stdout
    for line in table.splitlines() + result.stderr.splitlines():  # the notes under a table too
        assert wcswidth(line) <= columns, line
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", table)
    haystack = squash("\n".join(grid_cells(table)) if "┌" in table else table)
    rows = json_rows(store, tuple(command))
    for row in rows:
        for key, value in row.items():
            if key == "route" and isinstance(value, list):  # spread: ids, kinds and arrows; names in route_text
                value = [[hop["id"], hop["label"], hop["relationship"]] for hop in value]
            for text in shown(value):
                assert squash(text) in haystack, (key, text)


def test_brokers_table_names_the_organisation(store: Path) -> None:
    table = run(store, ["brokers", "--top", "3"], "table", 200)
    assert "organisation name" in table and "Alder Hey" in table


def test_gaps_list_shows_definition_and_recommendation() -> None:
    from ecograph.analysis.gap_rules import RULES
    table = squash(CliRunner().invoke(main, ["gaps", "--list"], env={"COLUMNS": "80"}).stdout)
    for rule in RULES.values():
        assert squash(rule.description) in table and squash(rule.recommendation) in table


@pytest.mark.parametrize("seed", range(20))
def test_any_table_fits_any_width(seed: int) -> None:
    rng = random.Random(seed)
    words = ["NHS", "Trust", "李小龍", "Foundation", "a" * 45, "Ünïcödé", "x", "-", "(QYG)"]
    rows = [{f"column_{c}": " ".join(rng.choice(words) for _ in range(rng.randint(0, 12)))
             if c % 3 else rng.random() * 10 ** rng.randint(0, 6) for c in range(rng.randint(1, 9))}
            for _ in range(rng.randint(1, 6))]
    for width in (20, 40, 80, 133, 200):
        for line in to_table(rows, width=width).splitlines():
            assert wcswidth(line) <= width, (width, line)


@pytest.mark.parametrize("text, safe", [
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b]8;;http://evil\x1b\\click\x1b]8;;\x1b\\", "click"),
    ("\x1b]8;;http://evil\x07click\x1b]8;;\x07", "click"),
    ("\x9b2Jclear", "clear"),
    ("a\u202eb\u2066c\u200fd", "abcd"),
    ("line\r\nbreak\ttab", "line break tab"),
    ("\x07bell\x00nul\x7f", "bellnul"),
    ("emoji 👩\u200d⚕️ kept", "emoji 👩\u200d⚕️ kept"),
])
def test_terminal_safe(text: str, safe: str) -> None:
    assert terminal_safe(text) == safe


@pytest.mark.parametrize("cell", ["=1+1", "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", "\n=1", " =1", "\u00a0=1",
                                  "\u200b=1", "\x00=1", "\uff1d1", "\uff0b1", "\uff0d1", "\uff201",
                                  "\ufe661", "\ufe621", "\ufe631", "\ufe6b1", "\u207a1", "\u207c1", "\u22121"])
def test_formula_starts_are_neutralised(cell: str) -> None:
    assert excel_safe(cell) == "'" + cell
    parsed = list(csv.reader(io.StringIO(to_csv([{"a": cell, "b": 1}]), newline="")))
    assert parsed == [["a", "b"], ["'" + cell, "1"]]


@pytest.mark.parametrize("cell", ["Alder Hey", "1-2 Trust", "x=1", "'quoted", ""])
def test_ordinary_text_is_left_alone(cell: str) -> None:
    assert excel_safe(cell) == cell


def test_every_line_break_is_quoted() -> None:
    rows = [{"name": f"a{b}b", "n": i} for i, b in enumerate(["\r", "\n", "\r\n", "\n\r"])]
    text = to_csv(rows)
    assert list(csv.DictReader(io.StringIO(text, newline=""))) == \
        [{"name": r["name"], "n": str(r["n"])} for r in rows]


def test_json_escapes_what_a_terminal_could_act_on(store: Path) -> None:
    text = run(store, ["partners", "INN-005"], "json")
    assert not re.search(r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]", text)
    names = {r["id"]: r["name"] for r in json.loads(text)}
    assert names["P040"] == HOSTILE_PEOPLE["P040"]  # escaped, not lost


# --- the fast paths give what the slow ones gave -------------------------------------------------

_WORDS = st.text(alphabet=st.sampled_from("ab-é→"), min_size=1, max_size=12)


@settings(max_examples=300, deadline=None)
@given(st.lists(_WORDS, min_size=1, max_size=12), st.integers(min_value=1, max_value=40))
def test_wrapping_is_textwraps_for_narrow_text(words: list[str], width: int) -> None:
    """Words of narrow characters (one column each: ASCII, é, →), none longer than the width,
    wrap as textwrap wraps them."""
    import textwrap

    from ecograph.output import _wrap
    assume(max(map(len, words)) <= width)
    text = " ".join(words)
    assert _wrap(text, width) == (textwrap.wrap(text, width, break_on_hyphens=False) if len(text) > width
                                  else [text])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.dictionaries(st.text(max_size=5), st.one_of(
    st.none(), st.booleans(), st.integers(min_value=-2**63, max_value=2**63 - 1),
    st.floats(allow_nan=False, allow_infinity=False), st.text(max_size=20),
    st.lists(st.text(max_size=5), max_size=3)), max_size=5), max_size=5))
def test_json_is_what_json_dumps_writes(rows: list[dict]) -> None:
    """orjson writes what ``json.dumps(indent=2)`` wrote, as text (floats parse back alike)."""
    import numpy as np

    from ecograph.output import _JSON_UNSAFE, to_json
    rows = [{**row, "numpy": np.float64(0.25)} for row in rows]
    expected = json.dumps(rows, ensure_ascii=False, indent=2, default=str)
    expected = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", expected)
    assert json.loads(to_json(rows)) == json.loads(expected)


def test_long_tables_wrap_each_value_as_textwrap_does() -> None:
    """A long spread-like table (arrows in the route text, long explanations) lays out in
    blocks, each value wrapped as textwrap wraps it."""
    import textwrap

    from ecograph.output import table_layout
    rng = random.Random(3)
    words = ["Parkside", "Medical", "Centre", "→", "(MEMBER_OF)", "partnership", "knows", "Ünïcödé", "NHS"]
    rows = [{"rank": i, "route_text": " ".join(rng.choice(words) for _ in range(rng.randint(1, 40))),
             "score": round(rng.random(), 3), "why": " ".join(rng.choice(words) for _ in range(rng.randint(1, 80)))}
            for i in range(1, 201)]
    layout, text = table_layout(rows, width=60)
    assert layout == "blocks"
    blocks = text.split("\n\n")
    assert len(blocks) == len(rows)
    key_width = len("route text") + 2
    for row, block in zip(rows, blocks):
        values: dict[str, list[str]] = {}
        for line in block.splitlines():
            key = line[:key_width].strip() or key
            values.setdefault(key, []).append(line[key_width:])
        for key in ("route_text", "why"):
            assert values[key.replace("_", " ")] == textwrap.wrap(row[key], 60 - key_width, break_on_hyphens=False)


def test_grid_padding_is_tabulates() -> None:
    from tabulate import MIN_PADDING

    from ecograph.output import GRID_PADDING
    assert GRID_PADDING == MIN_PADDING


@pytest.mark.parametrize("code", [*range(0x7F, 0xA0), 0x200E, 0x200F, *range(0x202A, 0x202F), *range(0x2066, 0x206A)])
def test_json_escapes_every_character_a_terminal_acts_on(code: int) -> None:
    """to_json escapes each such character, in text that otherwise needs no escaping (the case it
    skips the expression for) and beside text that does not (an arrow, accents)."""
    from ecograph.output import to_json

    char = chr(code)
    for text in (f"a{char}b", f"Alder Hey → Leeds é {char}"):
        out = to_json([{"name": text}])
        assert char not in out and f"\\u{code:04x}" in out
        assert json.loads(out) == [{"name": text}]
    assert to_json([{"name": "Alder Hey → Leeds – é…"}]) == json.dumps([{"name": "Alder Hey → Leeds – é…"}],
                                                                       ensure_ascii=False, indent=2)
