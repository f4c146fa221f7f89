"""A task's or workflow's docstring, read as flytekit reads it.

flytekit registers what a function's docstring says: its first line as the short description,
the text after it (up to the first section) as the long one, and each parameter's and
return value's description in the interface. It understands the three usual styles, and so
does this: reST (`:param a: ...`, `:return: ...`), Google (`Args:` / `Returns:` sections) and
numpydoc (`Parameters` / `Returns` underlined). A style is recognised by its sections; text
that has none is all description.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable

__all__ = ["Docstring"]

_REST_FIELD = re.compile(
    r"^:(param|parameter|arg|argument|key|keyword|return|returns|raises|raise|except|"
    r"exception|yield|yields|type|rtype|var|ivar|cvar|meta)\b([^:]*):(.*)$"
)
_GOOGLE_SECTION = re.compile(
    r"^(Args|Arguments|Parameters|Params|Returns|Return|Yields|Yield|Raises|Raise|Exceptions|"
    r"Except|Attributes|Example|Examples|Note|Notes|Todo|Warning|Warnings|Warns|See Also|"
    r"References|Other Parameters|Keyword Args|Keyword Arguments|Kwargs|Methods):\s*$"
)
_GOOGLE_PARAMS = {"Args", "Arguments", "Parameters", "Params", "Other Parameters"}
_GOOGLE_RETURNS = {"Returns", "Return"}
_NUMPY_PARAMS = {"Parameters", "Other Parameters", "Params"}
_NUMPY_RETURNS = {"Returns"}


class Docstring:
    """What a docstring says, under flytekit's property names."""

    def __init__(self, docstring: str | None = None) -> None:
        self.short_description: str | None = None
        self.long_description: str | None = None
        self.input_descriptions: dict[str, str] = {}
        self.output_descriptions: dict[str | None, str] = {}
        text = inspect.cleandoc(docstring or "")
        if text:
            self._parse(text.splitlines())

    def _parse(self, lines: list[str]) -> None:
        numpy = _numpy_sections(lines)
        google = [i for i, line in enumerate(lines) if _GOOGLE_SECTION.match(line)]
        rest = [i for i, line in enumerate(lines) if _REST_FIELD.match(line)]
        if rest and (not google or rest[0] < google[0]) and (not numpy or rest[0] < numpy[0]):
            self._describe(lines[: rest[0]])
            self._rest(lines[rest[0] :])
        elif google and (not numpy or google[0] < numpy[0]):
            self._describe(lines[: google[0]])
            self._google(lines[google[0] :])
        elif numpy:
            self._describe(lines[: numpy[0]])
            self._numpy(lines[numpy[0] :])
        else:
            self._describe(lines)

    def _describe(self, lines: list[str]) -> None:
        text = "\n".join(lines).strip()
        if not text:
            return
        short, _, long = text.partition("\n")
        self.short_description = short.strip() or None
        self.long_description = long.strip() or None

    def _rest(self, lines: list[str]) -> None:
        for kind, args, body in _rest_fields(lines):
            words = args.split()
            if kind in ("param", "parameter", "arg", "argument", "key", "keyword") and words:
                self.input_descriptions[words[-1]] = body
            elif kind in ("return", "returns"):
                self.output_descriptions[None] = body

    def _google(self, lines: list[str]) -> None:
        for title, body in _blocks(lines, lambda line: _GOOGLE_SECTION.match(line)):
            name = title.rstrip(":").strip()
            if name in _GOOGLE_PARAMS:
                for head, rest in _items(body):
                    arg, _, desc = head.partition(":")
                    arg = arg.split("(")[0].strip()
                    self.input_descriptions[arg] = _join(desc.strip(), rest)
            elif name in _GOOGLE_RETURNS:
                text = _join_lines(_dedent(body))
                head, colon, desc = text.partition(":")
                if colon and head and "\n" not in head and " " not in head.strip():
                    text = desc.strip()
                self.output_descriptions[None] = text

    def _numpy(self, lines: list[str]) -> None:
        starts = _numpy_sections(lines)
        for n, start in enumerate(starts):
            end = starts[n + 1] if n + 1 < len(starts) else len(lines)
            title, body = lines[start].strip(), lines[start + 2 : end]
            for head, rest in _items(body):
                name, colon, _type = head.partition(":")
                desc = _join_lines(rest)
                if title in _NUMPY_PARAMS:
                    self.input_descriptions[name.strip()] = desc
                elif title in _NUMPY_RETURNS:
                    self.output_descriptions[name.strip() if colon else None] = desc


def _numpy_sections(lines: list[str]) -> list[int]:
    return [
        i
        for i in range(len(lines) - 1)
        if lines[i].strip()
        and re.fullmatch(r"-{3,}", lines[i + 1].strip())
        and not lines[i].startswith(" ")
    ]


def _rest_fields(lines: list[str]) -> list[tuple[str, str, str]]:
    fields: list[tuple[str, str, list[str]]] = []
    for line in lines:
        found = _REST_FIELD.match(line)
        if found:
            fields.append((found.group(1), found.group(2).strip(), [found.group(3).strip()]))
        elif fields:
            fields[-1][2].append(line)
    return [(kind, args, _join(first[0], first[1:])) for kind, args, first in fields]


def _blocks(lines: list[str], is_title: Callable[[str], object]) -> list[tuple[str, list[str]]]:
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if is_title(line):
            out.append((line, []))
        elif out:
            out[-1][1].append(line)
    return out


def _items(body: list[str]) -> list[tuple[str, list[str]]]:
    """The entries of a section: each starts at the section's own indentation, and the lines
    indented further belong to it."""
    lines = _dedent(body)
    out: list[tuple[str, list[str]]] = []
    for line in lines:
        if line and not line[0].isspace():
            out.append((line.strip(), []))
        elif out and line.strip():
            out[-1][1].append(line)
    return out


def _dedent(lines: list[str]) -> list[str]:
    indents = [len(line) - len(line.lstrip()) for line in lines if line.strip()]
    cut = min(indents, default=0)
    return [line[cut:] for line in lines]


def _join(first: str, rest: list[str]) -> str:
    more = _join_lines(rest)
    return f"{first}\n{more}".strip() if more else first


def _join_lines(lines: list[str]) -> str:
    return "\n".join(line.strip() for line in _dedent(lines)).strip()
