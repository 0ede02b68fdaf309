"""Letters: which letters are due, their facts, rendering them and their history; the templates."""
