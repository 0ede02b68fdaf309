"""SQLAlchemy models, engine set-up and migrations. Only services use this package."""
