#!/usr/bin/env bash
# The README's screenshots from the journeys' windows (issue 14).
#
# Runs the journey tests on SQLite with YOT_JOURNEY_SHOTS set, so every
# `j.screenshot(window, "name")` in tests/journeys/ also saves name.png there (a main window at
# 1280x800), copies those PNGs into docs/screenshots/, then checks that every picture the
# README shows exists. Arguments replace the tests to run:
#   scripts/journey_screenshots.sh                        # every journey
#   scripts/journey_screenshots.sh tests/journeys/test_journey_panel.py
set -euo pipefail
cd "$(dirname "$0")/.."

shots="$(mktemp -d)"
trap 'rm -rf "$shots"' EXIT
export QT_QPA_PLATFORM=offscreen

status=0
YOT_JOURNEY_SHOTS="$shots" uv run pytest "${@:-tests/journeys}" -q -p no:cacheprovider \
    -k sqlite || status=$?

mkdir -p docs/screenshots
count=0
for png in "$shots"/*.png; do
    [ -e "$png" ] || continue
    cp "$png" docs/screenshots/
    echo "docs/screenshots/$(basename "$png")"
    count=$((count + 1))
done
echo "$count screenshots copied from the journeys."

missing=0
for png in $(grep -o 'docs/screenshots/[A-Za-z0-9_.-]*\.png' README.md | sort -u); do
    if [ ! -f "$png" ]; then
        echo "The README shows $png, but no journey made it: add" \
            "j.screenshot(j.window, \"$(basename "$png" .png)\") to the journey." >&2
        missing=1
    fi
done
if [ "$status" -ne 0 ]; then
    echo "Some journeys failed (pytest exit $status): their pictures may be missing or old." >&2
    exit "$status"
fi
exit "$missing"
