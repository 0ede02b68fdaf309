"""A batch's PDF cut back into its letters, so that each letter is laid out once (issue 13).

A batch is rendered as one PDF (render_batch); the letter history keeps each letter's own
PDF. Rather than lay every letter out a second time, `split_letters` copies each letter's
pages, and what they use, out of the batch into a PDF of its own, with the letter's own
title and language. The pages are the very pages printed in the batch.

A letter starts on the page that shows its first page-number form (layout.py names them
`pn{letter}p{page}`, one for every page). The objects are copied as pdf_join.py copies
them, byte for byte with their references renumbered; the batch is read once for all its
letters. Fonts are the batch part's subsets, which cover every letter of that part.
"""

from __future__ import annotations

import io
import re
from collections import deque
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject, NameObject, TextStringObject

from yot_desktop.letters.compose import compose_letter
from yot_desktop.letters.data import LetterContext
from yot_desktop.letters.pdf_join import _CATALOG, _PAGES, PdfJoiner, _key, _Part, _Scanned
from yot_desktop.letters.render import document_title, pdf_language

_FIRST_PAGE = re.compile(r"^/FormXob\.pn\d+p1$")


@dataclass(frozen=True)
class LetterInfo:
    """What a letter's own PDF says about itself."""

    title: str
    author: str
    lang: str


class _Source:
    """The batch PDF, read once: its pages in order, its page-tree nodes, its information."""

    def __init__(self, pdf: bytes) -> None:
        self.data = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        probe = _Part.__new__(_Part)
        probe.data, probe.reader, probe.numbers, probe.scanned = pdf, self.reader, {}, {}
        if self.reader.is_encrypted or self.reader.xref_objStm:
            raise ValueError("cannot split an encrypted PDF or one with object streams")
        root = dict.__getitem__(self.reader.trailer, "/Root")
        self.root = _key(root)
        self.pages = probe.page_refs(dict.__getitem__(root.get_object(), "/Pages"))
        self.nodes = [k for k, v in probe.numbers.items() if v == _PAGES]
        info = self.reader.trailer.get("/Info")
        self.info = info.get_object() if info is not None else DictionaryObject()

    def starts(self) -> list[int]:
        """The index of each letter's first page."""
        out = []
        for n, key in enumerate(self.pages):
            page = self.reader.get_object(IndirectObject(key[0], key[1], self.reader))
            resources = page.get("/Resources") if isinstance(page, DictionaryObject) else None
            forms = resources.get_object().get("/XObject") if resources is not None else None
            names = forms.get_object().keys() if forms is not None else ()
            if any(_FIRST_PAGE.match(str(name)) for name in names):
                out.append(n)
        return out


class _Slice(_Part):
    """Some pages of the source, written as one PDF by its own joiner."""

    def __init__(self, joiner: PdfJoiner, source: _Source) -> None:
        self.joiner = joiner
        self.data = source.data
        self.reader = source.reader
        self.numbers = {key: _PAGES for key in source.nodes}
        self.numbers[source.root] = _CATALOG
        self.queue: deque[tuple[int, tuple[int, int]]] = deque()
        self.scanned: dict[tuple[int, int], _Scanned] = {}

    def write_pages(self, pages: Sequence[tuple[int, int]], info: bytes) -> None:
        joiner = self.joiner
        joiner._started = True
        version = self.reader.pdf_header.removeprefix("%PDF-") or "1.4"
        joiner._write(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % version.encode("ascii"))
        for key in pages:
            number = joiner._new_number()
            self.numbers[key] = number
            joiner._kids.append(number)
            self.queue.append((number, key))
        while self.queue:
            number, key = self.queue.popleft()
            self.write_object(number, key)
        joiner._info = joiner._new_number()
        joiner._begin(joiner._info)
        joiner._write(info + b"\nendobj\n")


def _info_object(base: DictionaryObject, info: LetterInfo) -> bytes:
    entries = DictionaryObject()
    for name, value in base.items():
        if not isinstance(value, IndirectObject):
            entries[NameObject(name)] = value
    entries[NameObject("/Title")] = TextStringObject(info.title)
    entries[NameObject("/Author")] = TextStringObject(info.author)
    out = io.BytesIO()
    entries.write_to_stream(out)
    return out.getvalue()


def letter_info(ctx: LetterContext) -> LetterInfo:
    """The title, author and language render_letter gives the letter's own PDF."""
    letter = compose_letter(ctx) if ctx.language != "en" else None  # its heading is the title
    return LetterInfo(
        document_title(ctx, single=True, letter=letter),
        ctx.letterhead.team_name,
        pdf_language(ctx.language),
    )


def split_letters(batch: bytes, letters: Sequence[LetterInfo]) -> Iterator[bytes]:
    """Each letter's own PDF, in order, cut from `batch` (render_batch's output for these
    letters), one at a time. ValueError at once when the batch's letters cannot be told
    apart (a different number of them)."""
    source = _Source(batch)
    starts = source.starts()
    if len(starts) != len(letters) or (starts and starts[0] != 0):
        raise ValueError(f"the batch has {len(starts)} letters, not {len(letters)}")
    ends = [*starts[1:], len(source.pages)]

    def each() -> Iterator[bytes]:
        for first, end, info in zip(starts, ends, letters, strict=True):
            buffer = io.BytesIO()
            joiner = PdfJoiner(buffer, info.lang)
            pages = source.pages[first:end]
            _Slice(joiner, source).write_pages(pages, _info_object(source.info, info))
            joiner.finish()
            yield buffer.getvalue()

    return each()
