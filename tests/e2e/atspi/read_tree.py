"""Read YOT Desktop's accessibility tree over AT-SPI, as Orca does; sign in through it.

Run by tests/e2e/test_atspi_tree.py with the system's Python (pyatspi is a Debian package,
python3-pyatspi, not on PyPI) inside a D-Bus session with the AT-SPI bus, next to the app
running on Xvfb. Prints one JSON object: the sign-in dialog's nodes, then the main window's.
"""

from __future__ import annotations

import json
import sys
import time

import pyatspi

INTERACTIVE = {
    "push button",
    "toggle button",
    "check box",
    "radio button",
    "combo box",
    "text",
    "password text",
    "spin button",
    "table",
    "tree table",
    "list",
    "page tab",
    "slider",
}


def app_named(name: str, timeout: float = 60) -> pyatspi.Accessible:
    end = time.time() + timeout
    while time.time() < end:
        for app in pyatspi.Registry.getDesktop(0):
            if app is not None and app.name == name:
                return app
        time.sleep(0.5)
    raise SystemExit(f"no application {name!r} on the AT-SPI bus")


def nodes(acc: pyatspi.Accessible, out: list[dict[str, object]] | None = None) -> list:
    out = [] if out is None else out
    try:
        states = acc.getState()
        node = {
            "role": acc.getRoleName(),
            "name": acc.name or "",
            "description": acc.description or "",
            "showing": states.contains(pyatspi.STATE_SHOWING),
            "focusable": states.contains(pyatspi.STATE_FOCUSABLE),
        }
    except Exception:  # noqa: BLE001 - a node gone while walking: skip it
        return out
    out.append(node)
    count = acc.childCount
    if node["role"] in ("table", "tree table", "list"):
        count = min(count, 30)  # headers and the first rows: the rest are alike
    for i in range(count):
        child = acc.getChildAtIndex(i)
        if child is not None:
            nodes(child, out)
    return out


def child_where(acc: pyatspi.Accessible, role: str, name: str) -> pyatspi.Accessible:
    found = pyatspi.findDescendant(acc, lambda a: a.getRoleName() == role and a.name == name)
    if found is None:
        raise SystemExit(f"no {role} {name!r}")
    return found


def window_where(app: pyatspi.Accessible, role: str, name: str, timeout: float = 60):
    """The showing top-level window of this role whose name starts with `name`."""
    end = time.time() + timeout
    seen: list[str] = []
    while time.time() < end:
        seen = []
        for i in range(app.childCount):
            w = app.getChildAtIndex(i)
            if w is None:
                continue
            seen.append(f"{w.getRoleName()} {w.name!r}")
            showing = w.getState().contains(pyatspi.STATE_SHOWING)
            if w.getRoleName() == role and (w.name or "").startswith(name) and showing:
                return w
        time.sleep(0.5)
    raise SystemExit(f"no {role} {name!r}; the app shows: {seen}")


def main() -> None:
    username, password = sys.argv[1], sys.argv[2]
    app = app_named("YOT Desktop")
    dialog = window_where(app, "dialog", "Sign in")
    sign_in_button = child_where(dialog, "push button", "Sign in")
    end = time.time() + 60
    while not sign_in_button.getState().contains(pyatspi.STATE_ENABLED):
        if time.time() > end:
            raise SystemExit("Sign in never became enabled")
        time.sleep(0.3)
    before = nodes(dialog)
    # As a screen-reader user does: type into the named fields, press the named button.
    child_where(dialog, "text", "User name").queryEditableText().setTextContents(username)
    child_where(dialog, "password text", "Password").queryEditableText().setTextContents(password)
    sign_in_button.queryAction().doAction(0)
    window = window_where(app, "frame", "YOT Desktop")
    time.sleep(2)  # the first screen fills itself
    print(json.dumps({"sign_in": before, "main": nodes(window), "title": window.name}))


if __name__ == "__main__":
    main()
