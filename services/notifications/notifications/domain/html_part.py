"""The HTML part of an email, made from its plain-text body. No I/O.

One text per template and language is written and read by a person; the HTML
part says exactly the same, so the two parts of the multipart/alternative can
never disagree: paragraphs stay paragraphs, an indented block (a session's
dates, a list of names) keeps its lines, and every address becomes a link.
Everything from the context is escaped.
"""

from __future__ import annotations

import re
from html import escape

_URL = re.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)]")


def _line(text: str) -> str:
    """One line escaped, its addresses as links (the address is also the link's text)."""
    parts, last = [], 0
    for match in _URL.finditer(text):
        url = match.group(0)
        parts.append(escape(text[last : match.start()]))
        parts.append(f'<a href="{escape(url)}">{escape(url)}</a>')
        last = match.end()
    parts.append(escape(text[last:]))
    return "".join(parts)


def html_of(body: str, language: str, subject: str) -> str:
    paragraphs = [block for block in re.split(r"\n\s*\n", body.strip("\n")) if block.strip()]
    rendered = []
    for block in paragraphs:
        lines = block.split("\n")
        indented = all(line.startswith("  ") for line in lines)
        style = ' style="margin-left:1.5em"' if indented else ""
        text = "<br>\n".join(_line(line.strip()) for line in lines)
        rendered.append(f"<p{style}>{text}</p>")
    return (
        f'<!DOCTYPE html>\n<html lang="{escape(language)}">\n<head>\n<meta charset="utf-8">\n'
        f"<title>{escape(subject)}</title>\n</head>\n"
        '<body style="font-family:sans-serif;line-height:1.5">\n'
        + "\n".join(rendered)
        + "\n</body>\n</html>\n"
    )
