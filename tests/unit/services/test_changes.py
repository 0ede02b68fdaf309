"""The changes told between apps (live refresh): what they say and how they add up."""

from __future__ import annotations

import json

from yot_desktop.services.changes import PAYLOAD_LIMIT, Changes, payload, read_payload


def test_changes_add_up_by_table_and_id() -> None:
    a = Changes({"young_people": frozenset({1, 2}), "carers": frozenset({7})})
    b = Changes({"young_people": frozenset({3}), "referrals": None})
    both = a.merge(b)
    assert both.rows == {
        "young_people": frozenset({1, 2, 3}),
        "carers": frozenset({7}),
        "referrals": None,
    }
    assert both.touches_row("young_people", 3) and not both.touches_row("young_people", 4)
    assert both.touches_row("referrals", 99)  # some referrals, not known which
    assert not both.touches("sessions") and not both.everything
    assert a.merge(Changes.all()).everything and Changes.all().touches_row("sessions", 1)
    assert not Changes() and Changes.all()


def test_a_payload_says_tables_and_ids_only_and_stays_under_the_limit() -> None:
    small = payload("app1", Changes({"young_people": frozenset({5, 3})}))
    assert json.loads(small) == {"a": "app1", "c": {"young_people": [3, 5]}}
    many = Changes({f"table_{t}": frozenset(range(100_000, 100_050)) for t in range(40)})
    text = payload("app1", many)
    assert len(text.encode()) <= PAYLOAD_LIMIT
    sender, told = read_payload(text)
    assert sender == "app1"
    assert told.tables == many.tables and all(ids is None for ids in told.rows.values())


def test_an_unreadable_payload_means_reload_everything() -> None:
    assert read_payload("not json")[1].everything
    assert read_payload('{"a": "x", "c": 5}')[1].everything
    sender, told = read_payload(payload("x", Changes({"sessions": None})))
    assert sender == "x" and told.rows == {"sessions": None}
