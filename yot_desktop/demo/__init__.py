"""Invented data for training and demonstrations: the demo generator drives the services
as staff would (never real people)."""
