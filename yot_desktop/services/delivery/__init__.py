"""Delivery: programmes, sessions and the calendar, attendance, follow-ups, engagement
decisions and the venues sessions are held in."""
