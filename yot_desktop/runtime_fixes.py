"""A guard against a reference-count bug between PySide6 6.12.0 and Python 3.11.

The PySide6 6.12 wheels are built once for every Python from 3.10 (the stable ABI), by a
toolchain that assumes Python 3.12's immortal objects: on Python 3.11 every call into Qt that
returns nothing gives back one reference to `None` too many (`QLabel.setText` 500 times:
`sys.getrefcount(None)` 500 lower; `processEvents` the same). `None` starts with some tens of
thousands of references, so after a few hours of clicking, or of live refresh reloading a
busy caseload, Python aborts with "Fatal Python error: none_dealloc" and unsaved work is
lost. PySide6 6.11 does not have the bug, but has no separate Qt PDF package (the whole of
PySide6 Addons instead, hundreds of MB more).

`None`, `True` and `False` are never freed: freeing them is itself the fatal error. So, on
Python before 3.12, give each of them 2**40 more references at start-up, as Python 3.12 makes
them immortal. Nothing else changes. Remove this when PySide6 is fixed or Python 3.12 is the
oldest supported (`tests/unit/test_runtime_fixes.py` says when it is no longer needed).
"""

from __future__ import annotations

import sys

RESERVE = 1 << 40


def keep_singletons_alive() -> bool:
    """Make None, True and False immortal in practice; True when it did (Python < 3.12)."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    for singleton in (None, True, False):
        # CPython 3.11 (not a Py_TRACE_REFS debug build): ob_refcnt is the object's first
        # field, a Py_ssize_t at the object's address.
        count = ctypes.c_ssize_t.from_address(id(singleton))
        if count.value < RESERVE:
            count.value += RESERVE
    return True
