"""Panel summaries, the scheme evaluation and its exports (PDF, XLSX, CSV).

Pure rendering: frozen dataclasses in, bytes out to a binary stream. No Qt, no database.
Exporters of aggregate figures accept only ``SuppressedEvaluation``.
"""
