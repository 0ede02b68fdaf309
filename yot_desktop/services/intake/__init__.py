"""Intake: referrals in, consent, screening, the people and carers, duplicates, panel recommendations."""
