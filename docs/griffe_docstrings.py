"""
A Griffe extension for the API reference: ocrfix's docstrings, as Markdown.

ocrfix's docstrings are written for ``help()`` and doctest, with reStructuredText habits that
Markdown reads differently. Before mkdocstrings renders a docstring we rewrite two of them
(the docstrings in the source are not changed):

- a doctest block (``>>>`` lines and their output, up to a blank line) that is not indented
  would be a nested blockquote in Markdown; it becomes a fenced ``pycon`` code block;
- Sphinx roles (``:class:`Config```, ``:func:`~ocrfix.repair```) would show their role
  name; they become inline code (``Config``, ``repair``);
- a definition list (a line, then its definition indented by four spaces, as in the
  docstrings of ``Config`` and ``ocrfix.detect``) would run together into one paragraph; it
  becomes a Markdown definition list (the ``def_list`` extension).

mkdocs.yml loads this file with the python handler's ``extensions`` option; mkdocs does not
publish it (``exclude_docs``).
"""

from __future__ import annotations

import re
from typing import Any

import griffe

_ROLE_RE = re.compile(r":(?:py:)?(?:class|func|meth|mod|data|attr|exc|obj|const):`(~?)([^`]+)`")


def _role(match: re.Match[str]) -> str:
    target = match.group(2)
    if match.group(1):  # ~a.b.c shows as c
        target = target.rsplit(".", 1)[-1]
    return f"`{target}`"


def markdown_docstring(text: str) -> str:
    """`text` with its doctest blocks fenced, its Sphinx roles as inline code and its
    definition lists in Markdown."""
    lines = text.split("\n")
    out: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        stripped = line.lstrip()
        if stripped.startswith("```"):
            in_fence = not in_fence
        indent = len(line) - len(stripped)
        if not in_fence and stripped.startswith(">>>") and indent < 4:
            block = []
            while i < len(lines) and lines[i].strip():
                block.append(lines[i][indent:] if lines[i][:indent].isspace() else lines[i])
                i += 1
            if out and out[-1].strip():
                out.append("")
            out.extend(["```pycon", *block, "```", ""])
            continue
        if in_fence:
            out.append(line)
            i += 1
            continue
        line = _ROLE_RE.sub(_role, line)
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if indent == 0 and stripped and _is_definition(following):
            # A term: its definition starts on the next line, indented by four.
            if out and out[-1].strip():
                out.append("")  # a term after the last definition starts a new item
            out.append(line)
            out.append(":   " + _ROLE_RE.sub(_role, following[4:]))
            i += 2
            while i < len(lines) and lines[i].startswith("    ") and lines[i].strip():
                out.append(_ROLE_RE.sub(_role, lines[i]))
                i += 1
            continue
        out.append(line)
        i += 1
    return "\n".join(out)


def _is_definition(line: str) -> bool:
    return line.startswith("    ") and not line.startswith("     ") and bool(line.strip())


class MarkdownDocstrings(griffe.Extension):
    """Rewrite each docstring with :func:`markdown_docstring` as it is loaded."""

    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = markdown_docstring(obj.docstring.value)
