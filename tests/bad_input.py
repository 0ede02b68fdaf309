"""Hostile text for the bad-input tests (issue 7): classic nasty strings and hypothesis
strategies, and an oracle for the policy written independently of domain/validation.py.

Profiles: `YOT_BAD_INPUT_PROFILE=thorough` runs many more examples (on demand); the default
keeps the database tests to a few seconds each.
"""

from __future__ import annotations

import os
import unicodedata

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "bad_input_quick",
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
settings.register_profile(
    "bad_input_thorough",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
PROFILE = settings.get_profile(
    "bad_input_" + os.environ.get("YOT_BAD_INPUT_PROFILE", "quick").strip().lower()
)
# Pure functions are cheap: more examples for the domain properties.
DOMAIN_PROFILE = settings(PROFILE, max_examples=PROFILE.max_examples * 10)

NASTY: tuple[str, ...] = (
    "'; DROP TABLE young_people; --",
    "Robert'); DROP TABLE referrals;--",
    "' OR '1'='1",
    '" OR 1=1 --',
    "1; SELECT pg_sleep(5)",
    "%",
    "_",
    "\\",
    "%_\\%",
    "50%_off\\",
    "O'Brien",
    "a\x00b",
    "\x00",
    "tab\there",
    "line\nbreak",
    "cr\rhere",
    "\x1b[31mred",
    "\x7f",
    "bell\x07",
    "next\x85line",
    "sep\u2028arator",
    "\x1f",
    "\ud800",
    "\u202eevil",
    "\ufeffbom",
    "zero\u200bwidth",
    "Łukasz Nguyễn Siobhán Ağaoğlu",
    "😀👨‍👩‍👧",
    "𝕳𝖊𝖑𝖑𝖔",
    "<script>alert(1)</script>",
    "${jndi:ldap://x}",
    "{{7*7}}",
    "%s%s%n",
    "NULL",
    "None",
    "   ",
    "",
    "\U0010ffff",
    "x" * 41,
    "x" * 101,
    "x" * 121,
    "x" * 201,
    "é" * 200,
    "\ufdfa" * 100,  # one character that folds to eighteen letters
    "ß" * 100,
    "x" * 10_001,
)

CONTROL = st.characters(min_codepoint=0, max_codepoint=0x9F).filter(
    lambda c: unicodedata.category(c) == "Cc"
)

hostile_text = st.one_of(
    st.sampled_from(NASTY),
    st.text(max_size=30),
    st.text(st.one_of(CONTROL, st.characters()), max_size=30),
    st.builds(
        lambda a, n: a * n, st.sampled_from(["x", "é", "😀", "%", "'"]), st.integers(35, 260)
    ),
)

EDGE = " \t\r\n"


def refused_char(text: str, multi_line: bool) -> bool:
    """The policy by Unicode category: control characters (Cc), lone surrogates (Cs) and the
    line and paragraph separators are refused; multi-line text may hold line breaks and tabs.
    Spaces, tabs and line breaks at the ends are trimmed first."""
    body = text.strip(EDGE)
    if multi_line:
        body = body.replace("\r\n", "\n").replace("\r", "\n")
    return any(
        (unicodedata.category(c) in ("Cc", "Cs") or c in "\u2028\u2029")
        and not (multi_line and c in "\n\t")
        for c in body
    )


def stored_form(text: str, multi_line: bool = False) -> str:
    """What an accepted value reads back as: trimmed; multi-line with plain line breaks."""
    if multi_line:
        return text.strip(EDGE).replace("\r\n", "\n").replace("\r", "\n").strip()
    return text.strip()


def must_refuse(text: str, limit: int, multi_line: bool = False) -> bool:
    """True when the policy refuses `text` whatever else the field's rules say."""
    return refused_char(text, multi_line) or len(stored_form(text, multi_line)) > limit
