"""Join PDFs into one, streaming: each part's pages go straight to the output and are forgotten.

pypdf's PdfWriter and pikepdf both hold every page's objects until the file is written, so a
joined batch of thousands of letters grows with the batch. `PdfJoiner` takes one part at a
time, writes each page and every object it references (content streams, resources, forms,
fonts, font files, annotations) as numbered objects under fresh numbers, and keeps across the
file only what the end of a PDF needs: each object's byte offset and the page object numbers,
as compact integer arrays.

pypdf reads each part's cross-reference table, trailer and page tree. The objects themselves
are copied as they are written, byte for byte, with only their references renumbered: a small
tokenizer finds the references and skips strings, and stream data (still encoded, under its
own /Filter) is copied without being looked at. That is what keeps the join cheap beside the
layout (pypdf parsing every object cost about 0.1 s a part of 50 letters). Pages point to the
joined page tree; old page-tree nodes and catalogs are never copied.

Objects shared by pages of one part (a font, its font file) are written once per part; parts
share nothing, so each part brings its own font subsets.
"""

from __future__ import annotations

import hashlib
import io
import re
from array import array
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any, BinaryIO

from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

_PAGES, _CATALOG = 1, 2  # reserved up front: every page names the page tree as its parent
_INHERITED = ("/Resources", "/MediaBox", "/CropBox", "/Rotate")
_KIDS_PER_LINE = 16

_HEADER = re.compile(rb"\s*(\d+)\s+(\d+)\s+obj\b")
_DELIM = rb"\s()<>\[\]{}/%"
_TOKEN = re.compile(
    rb"(?P<real>[+-]?(?:\d+\.\d*|\.\d+))"
    rb"|(?P<ref>(\d+)\s+(\d+)\s+R)(?![^" + _DELIM + rb"])"
    rb"|(?P<int>[+-]?\d+)"
    rb"|(?P<name>/[^" + _DELIM + rb"]*)"
    rb"|(?P<open><<|\[)|(?P<close>>>|\])"
    rb"|(?P<hex><[^>]*>)"
    rb"|(?P<string>\()"
    rb"|(?P<comment>%[^\r\n]*)"
    rb"|(?P<word>[A-Za-z]+)"
)
_STRING_PART = re.compile(rb"\\.|[()]", re.DOTALL)
_STREAM_EOL = re.compile(rb"\r?\n")
_STREAM_END = re.compile(rb"\s*endstream\s+endobj")


class PdfJoiner:
    """Write the pages of PDF parts, in order, as one PDF on `out`.

    Call `add` for each part, then `finish` once. Until `finish`, the output is not a PDF;
    if the work is abandoned, the caller discards what was written. Parts are PDFs with a
    cross-reference table and no object streams, as ReportLab writes them.
    """

    def __init__(self, out: BinaryIO, lang: str = "") -> None:
        self._out = out
        # The document's language (/Lang, like en-GB), for screen readers; "" for none.
        self._lang = lang
        self._pos = 0
        self._md5 = hashlib.md5(usedforsecurity=False)
        self._offsets = array("Q", [0, 0, 0])  # index = object number; 0 is the free entry
        self._kids = array("I")
        self._info = 0
        self._started = False
        self._finished = False

    @property
    def page_count(self) -> int:
        return len(self._kids)

    def add(self, pdf: bytes) -> int:
        """Write every page of `pdf`, in order; return how many. The first part's document
        information (title, author, ...) becomes the file's."""
        if self._finished:
            raise RuntimeError("this PDF is already finished")
        part = _Part(self, pdf)
        try:
            if not self._started:
                self._started = True
                version = part.reader.pdf_header.removeprefix("%PDF-") or "1.4"
                self._write(b"%%PDF-%s\n%%\xe2\xe3\xcf\xd3\n" % version.encode("ascii"))
            return part.write()
        finally:
            # The reader's objects point back at it: closing breaks those cycles, so the part
            # is freed now rather than at the next full garbage collection.
            part.reader.close()

    def finish(self) -> None:
        """Write the page tree, the catalog, the cross-reference table and the trailer."""
        if self._finished:
            raise RuntimeError("this PDF is already finished")
        if not self._kids:
            raise ValueError("a PDF needs at least one page")
        self._finished = True
        self._begin(_PAGES)
        self._write(b"<< /Type /Pages /Count %d /Kids [" % len(self._kids))
        kids = self._kids
        for start in range(0, len(kids), _KIDS_PER_LINE):
            line = b" ".join(b"%d 0 R" % n for n in kids[start : start + _KIDS_PER_LINE])
            self._write(b"\n" + line)
        self._write(b" ] >>\nendobj\n")
        self._begin(_CATALOG)
        lang = b""
        if self._lang:
            safe = "".join(c for c in self._lang if c.isalnum() or c == "-").encode("ascii")
            lang = b" /Lang (%s) /ViewerPreferences << /DisplayDocTitle true >>" % safe
        self._write(
            b"<< /Type /Catalog /Pages %d 0 R /PageMode /UseNone%s >>\nendobj\n" % (_PAGES, lang)
        )
        file_id = self._md5.hexdigest().encode("ascii")
        xref_at = self._pos
        size = len(self._offsets)
        self._write(b"xref\n0 %d\n0000000000 65535 f \n" % size)
        for start in range(1, size, 1024):
            block = self._offsets[start : start + 1024]
            self._write(b"".join(b"%010d 00000 n \n" % offset for offset in block))
        info = b" /Info %d 0 R" % self._info if self._info else b""
        self._write(
            b"trailer\n<< /Size %d /Root %d 0 R%s /ID [<%s> <%s>] >>\nstartxref\n%d\n%%%%EOF\n"
            % (size, _CATALOG, info, file_id, file_id, xref_at)
        )

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._md5.update(data)
        self._pos += len(data)

    def _new_number(self) -> int:
        self._offsets.append(0)
        return len(self._offsets) - 1

    def _begin(self, number: int) -> None:
        self._offsets[number] = self._pos
        self._write(b"%d 0 obj\n" % number)


@dataclass
class _Scanned:
    """One object of a part: its text cut at each reference, and its stream data if any."""

    pieces: list[bytes]  # one more than refs: pieces[0] refs[0] pieces[1] refs[1] ...
    refs: list[tuple[int, int]]
    kind: bytes  # the /Type of a dictionary, or b""
    stream: bytes | None


class _Part:
    """One part being copied: its old-to-new object numbers live only as long as it does."""

    def __init__(self, joiner: PdfJoiner, pdf: bytes) -> None:
        self.joiner = joiner
        self.data = pdf
        self.reader = PdfReader(io.BytesIO(pdf))
        if self.reader.is_encrypted or self.reader.xref_objStm:
            raise ValueError("cannot join an encrypted PDF or one with object streams")
        self.numbers: dict[tuple[int, int], int] = {}
        self.queue: deque[tuple[int, tuple[int, int]]] = deque()
        self.scanned: dict[tuple[int, int], _Scanned] = {}

    def write(self) -> int:
        joiner = self.joiner
        root = dict.__getitem__(self.reader.trailer, "/Root")
        self.numbers[_key(root)] = _CATALOG
        pages = self.page_refs(dict.__getitem__(root.get_object(), "/Pages"))
        for key in pages:  # numbered first, in order, so that links between them resolve
            number = joiner._new_number()
            self.numbers[key] = number
            joiner._kids.append(number)
            self.queue.append((number, key))
        info = dict.get(self.reader.trailer, "/Info")
        if not joiner._info and isinstance(info, IndirectObject):
            joiner._info = self.number_of(_key(info))
        while self.queue:
            number, key = self.queue.popleft()
            self.write_object(number, key)
        return len(pages)

    def page_refs(self, tree: IndirectObject) -> list[tuple[int, int]]:
        """The part's pages in order; every page-tree node is mapped to the joined tree."""
        pages: list[tuple[int, int]] = []
        stack: list[Iterator[Any]] = [iter([tree])]
        while stack:
            kid = next(stack[-1], None)
            if kid is None:
                stack.pop()
                continue
            key = _key(kid)
            scanned = self.scan(key)
            if scanned.kind != b"/Pages":
                self.scanned[key] = scanned
                pages.append(key)
                continue
            if key in self.numbers:
                raise ValueError("the page tree of a part has a cycle")
            self.numbers[key] = _PAGES
            node = self.reader.get_object(IndirectObject(key[0], key[1], self.reader))
            if not isinstance(node, DictionaryObject):
                raise ValueError("a page-tree node of a part is not a dictionary")
            if any(name in node for name in _INHERITED):
                raise ValueError("cannot join a PDF whose pages inherit attributes")
            kids = node.get("/Kids")
            stack.append(list.__iter__(kids) if isinstance(kids, ArrayObject) else iter(()))
        return pages

    def number_of(self, key: tuple[int, int]) -> int:
        """The new number of an object of this part, queued to be written when new."""
        number = self.numbers.get(key)
        if number is None:
            number = self.joiner._new_number()
            self.numbers[key] = number
            self.queue.append((number, key))
        return number

    def write_object(self, number: int, key: tuple[int, int]) -> None:
        scanned = self.scanned.pop(key, None) or self.scan(key)
        out = [scanned.pieces[0]]
        for ref, piece in zip(scanned.refs, scanned.pieces[1:], strict=True):
            out.append(b"%d 0 R" % self.number_of(ref))
            out.append(piece)
        if scanned.stream is not None:
            out += [b"\nstream\n", scanned.stream, b"\nendstream"]
        out.append(b"\nendobj\n")
        self.joiner._begin(number)
        self.joiner._write(b"".join(out))

    def scan(self, key: tuple[int, int]) -> _Scanned:
        """Cut an object's text at its references; find its /Type and its stream data."""
        data = self.data
        offset = self.reader.xref.get(key[1], {}).get(key[0])
        head = None if offset is None else _HEADER.match(data, offset)
        if head is None or (int(head[1]), int(head[2])) != key:
            if offset is None:  # a reference to an object that does not exist is null
                return _Scanned([b"null"], [], b"", None)
            raise ValueError(f"object {key[0]} {key[1]} is not where the part says")
        start = pos = head.end()
        pieces: list[bytes] = []
        refs: list[tuple[int, int]] = []
        depth = 0
        dict_key = b""
        kind = b""
        length: int | tuple[int, int] | None = None
        while True:
            token = _TOKEN.search(data, pos)
            if token is None:
                raise ValueError(f"object {key[0]} {key[1]} has no end")
            group, pos = token.lastgroup, token.end()
            if group == "string":
                pos = _skip_string(data, pos)
            elif group == "open":
                depth += 1
            elif group == "close":
                depth -= 1
            elif group == "word" and depth == 0 and token[0] in (b"endobj", b"stream"):
                break
            if group == "ref":
                refs.append((int(token[3]), int(token[4])))
                pieces.append(data[start : token.start()])
                start = pos
            if depth == 1 and group == "name" and not dict_key:
                dict_key = token[0]  # a key of the object's own dictionary
            elif depth == 1 and dict_key and group not in ("comment", "close"):
                if dict_key == b"/Type" and group == "name":
                    kind = token[0]
                elif dict_key == b"/Length" and group in ("int", "ref"):
                    length = int(token[0]) if group == "int" else refs[-1]
                dict_key = b""
            elif depth == 2 and group == "open" and dict_key:
                dict_key = b""  # the value is a dictionary or an array
        pieces.append(data[start : token.start()].rstrip())
        pieces[0] = pieces[0].lstrip()
        stream = None
        if token[0] == b"stream":
            stream = self.stream_data(key, token.end(), length)
        return _Scanned(pieces, refs, kind, stream)

    def stream_data(self, key: tuple[int, int], at: int, length: Any) -> bytes:
        if isinstance(length, tuple):
            length = self.reader.get_object(IndirectObject(length[0], length[1], self.reader))
        eol = _STREAM_EOL.match(self.data, at)
        if not isinstance(length, int) or eol is None:
            raise ValueError(f"stream {key[0]} {key[1]} has no usable /Length")
        begin = eol.end()
        if _STREAM_END.match(self.data, begin + length) is None:
            raise ValueError(f"stream {key[0]} {key[1]} is not /Length bytes long")
        return self.data[begin : begin + length]


def _key(ref: Any) -> tuple[int, int]:
    if not isinstance(ref, IndirectObject):
        raise ValueError("a part's page tree must be made of indirect objects")
    return ref.idnum, ref.generation


def _skip_string(data: bytes, pos: int) -> int:
    """The end of a literal string whose "(" ends just before `pos`."""
    depth = 1
    for part in _STRING_PART.finditer(data, pos):
        if part[0] == b"(":
            depth += 1
        elif part[0] == b")":
            depth -= 1
            if depth == 0:
                return part.end()
    raise ValueError("a string in the PDF is not closed")
