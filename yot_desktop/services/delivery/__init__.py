"""Delivery: programmes, sessions and the calendar, attendance, follow-ups and engagement decisions, venues."""
