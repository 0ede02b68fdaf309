"""The streaming PDF join: parts in, one valid PDF out, nothing from a part kept after it."""

from __future__ import annotations

import gc
import io
import re
import shutil
import subprocess
import tracemalloc
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen.canvas import Canvas

from yot_desktop.letters import FONT, FONT_BOLD, register_fonts
from yot_desktop.letters.pdf_join import PdfJoiner

AUTHOR = "West Berkshire Youth Justice Service"


def part(*pages: str, title: str = "Reminder", link: bool = False) -> bytes:
    """A small ReportLab PDF, one line of text a page, the Unicode fonts embedded."""
    register_fonts()
    buf = io.BytesIO()
    canv = Canvas(buf, pagesize=A4)
    canv.setTitle(title)
    canv.setAuthor(AUTHOR)
    for text in pages:
        canv.setFont(FONT, 14)
        canv.drawString(72, 700, text)
        canv.setFont(FONT_BOLD, 10)
        canv.drawString(72, 680, "Youth Justice Service")
        if link:
            canv.linkURL("https://example.org/(1 0 R)", (72, 670, 300, 720))
        canv.showPage()
    canv.save()
    return buf.getvalue()


def join(*parts: bytes) -> bytes:
    out = io.BytesIO()
    joiner = PdfJoiner(out)
    for data in parts:
        joiner.add(data)
    joiner.finish()
    return out.getvalue()


def texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data), strict=True).pages]


def objects(data: bytes) -> list[object]:
    reader = PdfReader(io.BytesIO(data), strict=True)
    size = int(reader.trailer["/Size"])
    return [reader.get_object(n) for n in range(1, size)]


def font_descriptors(data: bytes) -> int:
    return sum(
        isinstance(o, DictionaryObject) and o.get("/Type") == "/FontDescriptor"
        for o in objects(data)
    )


def test_pages_of_every_part_come_out_in_order_with_names_exact() -> None:
    data = join(part("Łukasz Nguyễn", "Zoë"), part("Siobhán O'Brien"), part("Ağaoğlu", "Ally"))
    pages = texts(data)
    assert [p.splitlines()[0] for p in pages] == [
        "Łukasz Nguyễn",
        "Zoë",
        "Siobhán O'Brien",
        "Ağaoğlu",
        "Ally",
    ]


def test_the_cross_reference_table_points_at_every_object() -> None:
    data = join(part("one", "two"), part("three"))
    startxref = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data)[1])  # type: ignore[index]
    assert data[startxref:].startswith(b"xref\n0 ")
    table = re.match(rb"xref\n0 (\d+)\n((?:\d{10} \d{5} [fn] \n)+)", data[startxref:])
    assert table is not None
    size = int(table[1])
    entries = table[2].splitlines()
    assert len(entries) == size
    offsets = [int(e[:10]) for e in entries[1:]]
    assert len(set(offsets)) == size - 1  # no two objects share a place: nothing collides
    for number, offset in enumerate(offsets, start=1):
        assert data[offset:].startswith(b"%d 0 obj" % number)
    reader = PdfReader(io.BytesIO(data), strict=True)
    assert int(reader.trailer["/Size"]) == size
    assert len(reader.pages) == 3


def test_every_page_hangs_from_the_one_page_tree() -> None:
    reader = PdfReader(io.BytesIO(join(part("a", "b"), part("c"))), strict=True)
    tree = reader.trailer["/Root"]["/Pages"]
    assert tree["/Count"] == 3
    kids = [kid.idnum for kid in tree["/Kids"]]
    assert len(set(kids)) == 3
    for page in reader.pages:
        assert page["/Parent"].indirect_reference.idnum == tree.indirect_reference.idnum


def test_each_object_of_a_part_is_written_once_and_old_trees_are_dropped() -> None:
    parts = [part("a", "b", "c"), part("d", "e")]
    sizes = [int(PdfReader(io.BytesIO(p)).trailer["/Size"]) - 1 for p in parts]
    data = join(*parts)
    # Each part loses its catalog, page tree and document information; the joined file has
    # its own catalog and page tree and keeps the first part's information.
    assert len(objects(data)) == sum(size - 3 for size in sizes) + 3


def test_fonts_shared_inside_a_part_are_written_once_per_part() -> None:
    one = join(part("a", "b", "c", "d"))
    assert font_descriptors(one) == 2  # regular and bold, for four pages
    assert font_descriptors(join(part("a", "b"), part("c", "d"))) == 4
    reader = PdfReader(io.BytesIO(one), strict=True)
    font_dicts = {page["/Resources"].raw_get("/Font").idnum for page in reader.pages}
    assert len(font_dicts) == 1


def test_parts_keep_their_own_fonts_apart() -> None:
    """The same resource names (/F2+0) in two parts point to each part's own subset."""
    data = join(part("Łukasz"), part("Zoë ğ"))
    reader = PdfReader(io.BytesIO(data), strict=True)
    fonts = [page["/Resources"]["/Font"] for page in reader.pages]
    assert set(fonts[0]) == set(fonts[1])
    for name in fonts[0]:
        assert fonts[0].raw_get(name).idnum != fonts[1].raw_get(name).idnum
    assert texts(data)[1].startswith("Zoë ğ")


def test_document_information_comes_from_the_first_part_even_with_awkward_strings() -> None:
    awkward = "Letters (batch) \\ 1 0 R – Siobhán"
    data = join(part("a", title=awkward), part("b", title="Other"))
    meta = PdfReader(io.BytesIO(data), strict=True).metadata
    assert meta is not None
    assert meta.title == awkward
    assert meta.author == AUTHOR


def test_annotations_come_along_with_their_page() -> None:
    data = join(part("a"), part("b", link=True))
    pages = PdfReader(io.BytesIO(data), strict=True).pages
    assert "/Annots" not in pages[0]
    (link,) = pages[1]["/Annots"]
    assert link.get_object()["/A"]["/URI"] == "https://example.org/(1 0 R)"


def test_landscape_and_portrait_pages_keep_their_size() -> None:
    wide = io.BytesIO()
    canv = Canvas(wide, pagesize=(A4[1], A4[0]))
    canv.drawString(72, 72, "wide")
    canv.showPage()
    canv.save()
    data = join(part("tall"), wide.getvalue())
    boxes = [p.mediabox for p in PdfReader(io.BytesIO(data), strict=True).pages]
    assert [b.width > b.height for b in boxes] == [False, True]


def test_a_pdf_with_no_pages_is_refused_and_a_finished_one_takes_no_more() -> None:
    joiner = PdfJoiner(io.BytesIO())
    with pytest.raises(ValueError, match="at least one page"):
        joiner.finish()
    joiner.add(part("a"))
    joiner.finish()
    with pytest.raises(RuntimeError):
        joiner.add(part("b"))


@pytest.mark.skipif(shutil.which("qpdf") is None, reason="qpdf is not installed")
def test_qpdf_finds_nothing_wrong(tmp_path: Path) -> None:
    joined = tmp_path / "joined.pdf"
    joined.write_bytes(join(part("Łukasz", "Zoë"), part("Siobhán O'Brien", link=True)))
    result = subprocess.run(["qpdf", "--check", str(joined)], capture_output=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert b"No syntax or stream encoding errors" in result.stdout


class _Sink:
    """An output that keeps nothing, as a file on disk would not in memory."""

    def __init__(self) -> None:
        self.size = 0

    def write(self, data: bytes) -> int:
        self.size += len(data)
        return len(data)


def _peak_joining(data: bytes, parts: int) -> int:
    sink = _Sink()
    gc.collect()
    tracemalloc.start()
    joiner = PdfJoiner(sink)  # type: ignore[arg-type]
    for _ in range(parts):
        joiner.add(data)
    joiner.finish()
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def test_the_join_holds_nothing_of_the_parts_already_written() -> None:
    data = part(*(f"Letter {n} for Łukasz" for n in range(10)))
    few, many = _peak_joining(data, 3), _peak_joining(data, 40)
    # 37 more parts of ~50 KB each would be ~1.9 MB if anything of them were kept.
    assert len(data) * 37 > 1_500_000
    assert many - few < 150_000
