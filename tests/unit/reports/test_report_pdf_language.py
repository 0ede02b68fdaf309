"""Issue 15, point 8 and 9 for the panel's PDFs too: they state their language and carry no
unused, unembedded Helvetica (read with pypdf and poppler's pdffonts)."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from pypdf import PdfReader

from tests.unit.letters.readability import pdf_fonts
from yot_desktop.reports.data import PanelCase
from yot_desktop.reports.panel import render_panel_pack, render_panel_summary


def test_panel_pdfs_state_their_language_and_embed_every_font(
    panel_case: PanelCase, tmp_path: Path
) -> None:
    for name, render in (
        ("summary", lambda out: render_panel_summary(panel_case, out, pseudonymised=True)),
        ("pack", lambda out: render_panel_pack(date(2026, 12, 9), [panel_case], out)),
    ):
        buffer = io.BytesIO()
        render(buffer)
        reader = PdfReader(io.BytesIO(buffer.getvalue()))
        assert reader.trailer["/Root"]["/Lang"] == "en-GB", name
        assert reader.metadata is not None and reader.metadata.title, name
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(buffer.getvalue())
        fonts = pdf_fonts(str(path))
        assert fonts and all("Helvetica" not in line for line in fonts), fonts
