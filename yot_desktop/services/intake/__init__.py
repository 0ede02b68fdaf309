"""Intake: referrals in, consent and screening, the young people and their carers,
duplicates, and the panel's recommendations."""
