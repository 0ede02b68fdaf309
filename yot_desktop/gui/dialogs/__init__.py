"""Dialogs: intake (decisions, the manual referral form, screening) and delivery (booking,
attendance marks, programmes, the attendance import, the intervention catalogue)."""
