"""The same letter as accessible HTML or plain text, for families who use screen readers.

ReportLab's open edition cannot tag a PDF, so a screen reader may read a PDF letter out of
order. The HTML version has the same words in reading order, with its language, a title,
real headings, lists and tables with header cells; plain text is the same, unstyled.
"""

from __future__ import annotations

import html
import re

from yot_desktop.letters.compose import (
    ComposedLetter,
    GridTable,
    KeyValueTable,
    NewPage,
    Para,
    Signatures,
    SignOff,
    compose_letter,
)
from yot_desktop.letters.data import LetterContext
from yot_desktop.letters.fields import right_to_left

_TAG = re.compile(r"<[^>]+>")
_BR = re.compile(r"<br\s*/?>", re.IGNORECASE)
_CSS = (
    "body{font-family:Verdana,'DejaVu Sans',sans-serif;font-size:1.15rem;line-height:1.5;"
    "max-width:40em;margin:1em auto;padding:0 1em;color:#1a1a1a}"
    "table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #6b6b6b;"
    "padding:.3em .6em;text-align:left;vertical-align:top}th{background:#eee}"
    ".address,.reference{margin:0 0 1em}"
)


def _inline(markup: str) -> str:
    """ReportLab paragraph markup as HTML: it is already <b>, <br/> and escaped text."""
    return _BR.sub("<br>", markup)


def _plain(markup: str) -> str:
    return html.unescape(_TAG.sub("", _BR.sub("\n", markup))).replace("\u00a0", " ").strip()


def accessible_html(ctx: LetterContext, letter: ComposedLetter | None = None) -> str:
    """The letter as one HTML page, in the letter's language."""
    from yot_desktop.letters.render import document_title, pdf_language  # ReportLab, when used

    letter = letter or compose_letter(ctx)
    esc = html.escape
    direction = ' dir="rtl"' if right_to_left(ctx.language) else ""  # Urdu, Arabic...
    out = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(pdf_language(ctx.language))}"{direction}>',
        "<head>",
        '<meta charset="utf-8">',
        f"<title>{esc(document_title(ctx, letter=letter))}</title>",
        f"<style>{_CSS}</style>",
        "</head>",
        "<body>",
    ]
    head = ctx.letterhead
    if not letter.certificate:
        sender = [head.team_name, *head.address_lines, head.phone, head.email]
        out.append('<p class="sender">' + "<br>".join(esc(x) for x in sender if x) + "</p>")
        recipient = ctx.recipient
        to = [recipient.name, *recipient.address_lines, recipient.postcode]
        out.append(
            f'<p class="address"><strong>{esc(letter.labels["private"])}</strong><br>'
            + "<br>".join(esc(x) for x in to if x)
            + "</p>"
        )
        out.append(
            '<p class="reference">'
            + "<br>".join(_inline(p.markup) for p in letter.reference)
            + "</p>"
        )
    in_list = False
    for block in letter.blocks:
        is_bullet = isinstance(block, Para) and block.style == "bullet"
        if in_list and not is_bullet:
            out.append("</ul>")
            in_list = False
        if isinstance(block, Para):
            text = _inline(block.markup)
            if not text.strip():
                continue
            if block.style in ("title", "cert_title"):
                out.append(f"<h1>{text}</h1>")
            elif block.style == "heading":
                out.append(f"<h2>{text}</h2>")
            elif is_bullet:
                if not in_list:
                    out.append("<ul>")
                    in_list = True
                out.append(f"<li>{text}</li>")
            else:
                out.append(f"<p>{text}</p>")
        elif isinstance(block, NewPage):
            out.append("<hr>")
        elif isinstance(block, KeyValueTable):
            rows = "".join(
                f'<tr><th scope="row">{_inline(k)}</th><td>{_inline(v)}</td></tr>'
                for k, v in block.rows
            )
            out.append(f"<table>{rows}</table>")
        elif isinstance(block, GridTable):
            header = "".join(f'<th scope="col">{_inline(h)}</th>' for h in block.header)
            body = "".join(
                "<tr>" + "".join(f"<td>{_inline(c)}</td>" for c in row) + "</tr>"
                for row in block.rows
            )
            out.append(f"<table><thead><tr>{header}</tr></thead><tbody>{body}</tbody></table>")
        elif isinstance(block, Signatures):
            out.append(
                "<table>"
                + "".join(
                    f'<tr><th scope="row">{_inline(label)}</th><td></td></tr>'
                    for label in block.labels
                )
                + "</table>"
            )
        elif isinstance(block, SignOff):
            lines = [_inline(block.closing), f"<strong>{block.name}</strong>", *block.details]
            out.append("<p>" + "<br>".join(lines) + "</p>")
    if in_list:
        out.append("</ul>")
    out += ["</body>", "</html>", ""]
    return "\n".join(out)


def plain_text(page: str) -> str:
    """The accessible HTML page as plain text: one paragraph a block, tables as lines."""
    body = page.split("<body>", 1)[-1].split("</body>", 1)[0]
    body = re.sub(r"</(p|h1|h2|li|tr|table|ul|hr)>|<hr>", "\n\n", body)
    body = re.sub(r"</t[hd]>", "  ", body)
    body = re.sub(r"<li>", "- ", body)
    text = _plain(body)
    lines = [line.strip() for line in text.splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"
