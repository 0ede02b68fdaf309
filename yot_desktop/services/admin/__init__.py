"""Administration: staff and sign-in, teams, schemes, security, retention, the audit trail,
the database and its backups, case transfer and subject access."""
