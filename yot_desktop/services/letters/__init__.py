"""Letters: which letters are due, the facts they print, rendering and recording them, and
the templates' wording."""
