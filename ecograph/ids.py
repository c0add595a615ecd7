"""Ids and codes as people type them.

ICS and ODS codes are case- and space-insensitive and stored upper-case; other ids are kept
as written. Ids must not hide invisible characters or letters of another script that look
like Latin ones. People's names are compared in a normalised form to spot duplicates.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from typing import Mapping


from .errors import UnknownIdError

#: An ODS code once upper-cased and without spaces: 3 to 6 letters and digits, at least one
#: letter (trusts RBS, sites RBS01, practices N81001, ICBs QYG, sub-ICBs 01D, PCNs U12345).
_ODS_CODE = re.compile(r"(?=[A-Z0-9]*[A-Z])[A-Z0-9]{3,6}")

_SPACES = re.compile(r"[ \u00a0]+")

#: Characters that are invisible in a spreadsheet cell, beyond the control characters.
_INVISIBLE = {"\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u180e"}

_NAMES = {"\x00": "NULL", "\n": "LINE FEED (a line break)", "\r": "CARRIAGE RETURN (a line break)",
          "\t": "CHARACTER TABULATION (a tab)"}


def code_form(text: str) -> str:
    """``text`` without spaces, upper-case: how ICS and ODS codes are stored.

    Only spaces go (" q op" is QOP): a line break or tab in a code is an error to report
    (:func:`suspicious_characters`), not something to clean away.
    """
    return _SPACES.sub("", text).upper()


def is_ods_code(text: str) -> bool:
    """True when ``text`` reads as an ODS code, whatever its case and spacing (" rbv")."""
    return _ODS_CODE.fullmatch(code_form(text)) is not None


def organisation_key(text: str) -> str:
    """An organisation id as stored: an ODS code upper-case, any other id as written."""
    return code_form(text) if is_ods_code(text) else text.strip()


def _char_name(char: str) -> str:
    name = _NAMES.get(char) or unicodedata.name(char, "")
    if not name:
        name = {"Cc": "a control character", "Cf": "an invisible format character"}.get(
            unicodedata.category(char), "an unnamed character")
    return f"U+{ord(char):04X} {name}"


def suspicious_characters(text: str) -> list[str]:
    """Why ``text`` is not a safe id: each invisible, control or look-alike character named.

    >>> suspicious_characters("P001")
    []
    >>> suspicious_characters("\\u0420001")
    ['U+0420 CYRILLIC CAPITAL LETTER ER looks like Latin P']
    >>> suspicious_characters("RBS\\u200b")
    ['U+200B ZERO WIDTH SPACE is invisible']
    """
    if text.isascii() and text.isprintable():
        return []  # the common case, fast
    found: list[str] = []
    for char in dict.fromkeys(text):
        if char in _NAMES or char in _INVISIBLE or unicodedata.category(char) in ("Cc", "Cf", "Zl", "Zp"):
            found.append(f"{_char_name(char)} is invisible" if char not in _NAMES or char == "\x00"
                         else f"{_char_name(char)} is not allowed in an id")
    from confusable_homoglyphs import categories, confusables  # only for unusual text: it loads slowly

    letters = [c for c in text if c.isalpha()]
    scripts = {categories.alias(c) for c in letters}
    for char in dict.fromkeys(letters):
        script = categories.alias(char)
        if script in ("LATIN", "COMMON"):
            continue
        looks = confusables.is_confusable(char, preferred_aliases=["latin"], greedy=True) or []
        latin = [h["c"] for hit in looks for h in hit["homoglyphs"] if h["c"].isascii() and h["c"].isalpha()]
        if latin:
            found.append(f"{_char_name(char)} looks like Latin {latin[0]}")
        elif "LATIN" in scripts:
            found.append(f"{_char_name(char)} is {script.title()} among Latin letters")
    return found


def name_key(name: str) -> str:
    """A person's name for spotting duplicates: case, accents, spaces and punctuation ignored.

    >>> name_key("Siobhán O'Brien") == name_key("siobhan OBrien")
    True
    """
    text = unicodedata.normalize("NFKD", name.casefold())
    return "".join(c for c in text if c.isalnum() and not unicodedata.combining(c))


def closest_ids(value: str, options: Mapping[str, str | None], n: int = 3) -> list[str]:
    """Up to ``n`` keys of ``options`` (id -> name) close to ``value`` by id or by name,
    shown as 'ID (name)'."""
    wanted = value.strip().lower()
    by_key = {k.lower(): k for k in options}
    by_name = {str(v or "").lower(): k for k, v in options.items() if v}
    found = [by_key[m] for m in difflib.get_close_matches(wanted, list(by_key), n=n, cutoff=0.5)]
    found += [by_name[m] for m in difflib.get_close_matches(wanted, list(by_name), n=n, cutoff=0.5)]
    found += [k for name, k in sorted(by_name.items()) if len(wanted) >= 3 and wanted in name]
    return [f"{k} ({options[k]})" if options.get(k) else k for k in list(dict.fromkeys(found))[:n]]


def resolve_id(value: str, options: Mapping[str, str | None], what: str, *, code: bool = False) -> str:
    """The stored id that ``value`` (typed on a command line) stands for.

    An exact match first; then, for a ``code`` (ICS and ODS codes), any case and spacing;
    for any id, a match ignoring case when exactly one id matches so.

    Raises
    ------
    UnknownIdError
        Nothing matches; the message lists the closest ids (by id or by name).
    """
    if value in options:
        return value
    if code or is_ods_code(value):
        by_code = {code_form(k): k for k in options}
        if code_form(value) in by_code:
            return by_code[code_form(value)]
    folded = [k for k in options if k.casefold() == value.strip().casefold()]
    if len(folded) == 1:
        return folded[0]
    raise UnknownIdError(what, value, closest_ids(value, options))
