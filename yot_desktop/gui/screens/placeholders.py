"""Screens whose work arrives with later features: each says what will be here."""

from __future__ import annotations

from yot_desktop.gui.widgets import EmptyState


def referrals_screen() -> EmptyState:
    return EmptyState(
        "referralsScreen",
        "No referrals to review",
        "New police referrals arrive here, with their eligibility already checked. "
        "Import a police referral file (File > Import) or add one by hand (Ctrl+N).",
    )


def calendar_screen() -> EmptyState:
    return EmptyState(
        "calendarScreen",
        "No sessions booked",
        "Sessions appear here by day and week once a young person starts a programme. "
        "Accept a referral to plan and book the first appointment.",
    )


def today_screen() -> EmptyState:
    return EmptyState(
        "todayScreen",
        "Nothing on today's register",
        "Today's sessions for you and your team appear here, so you can mark who came "
        "with one click.",
    )


def letters_screen() -> EmptyState:
    return EmptyState(
        "lettersScreen",
        "No letters due",
        "Letters for families, young people and police officers appear here when "
        "appointments are booked, missed or a programme ends.",
    )


def reports_screen() -> EmptyState:
    return EmptyState(
        "reportsScreen",
        "Reports",
        "Panel case summaries and the scheme evaluation will be prepared here, "
        "with small numbers suppressed before anything leaves the service.",
    )
