"""Where reported nodes start in the file.

libcst's PositionProvider over a whole module costs about twice the parse, and a file with one
finding would pay it in full. A finding needs only the positions inside its own top-level
statement, shifted by the lines above that statement: that is what this computes, falling back
to the whole module for a node outside the statement it was reported in.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
from libcst.metadata import CodePosition, CodeRange, MetadataWrapper, PositionProvider

__all__ = ["Locator"]


class Locator:
    def __init__(self, module: cst.Module) -> None:
        self._module = module
        self._index = {id(statement): i for i, statement in enumerate(module.body)}
        self._first_lines = [1 + len(module.header)]
        self._within: dict[int, Mapping[cst.CSTNode, CodeRange]] = {}
        self._whole: Mapping[cst.CSTNode, CodeRange] | None = None

    def start(self, node: cst.CSTNode, statement: cst.CSTNode | None = None) -> CodePosition:
        """Line (from 1) and column (from 0) where `node` starts; `statement` is the top-level
        statement expected to hold it."""
        index = None if statement is None else self._index.get(id(statement))
        if index is not None:
            found = self._ranges_in(index).get(node)
            if found is not None:
                return CodePosition(
                    found.start.line + self._first_line(index) - 1, found.start.column
                )
        if self._whole is None:
            self._whole = MetadataWrapper(self._module, unsafe_skip_copy=True).resolve(
                PositionProvider
            )
        return self._whole[node].start

    def start_near(
        self, node: cst.CSTNode, statement: cst.CSTNode, anchor: cst.CSTNode, anchor_line: int
    ) -> CodePosition | None:
        """Where `node` starts, from positions within its top-level statement alone and the
        line of an `anchor` in it found in the text: no code generation of what precedes the
        statement (which `start` needs, a file's worth for a statement near its end)."""
        index = self._index.get(id(statement))
        if index is None:
            return None
        ranges = self._ranges_in(index)
        found, mark = ranges.get(node), ranges.get(anchor)
        if found is None or mark is None:
            return None
        return CodePosition(anchor_line + found.start.line - mark.start.line, found.start.column)

    def _ranges_in(self, index: int) -> Mapping[cst.CSTNode, CodeRange]:
        ranges = self._within.get(index)
        if ranges is None:
            alone = self._module.with_changes(body=[self._module.body[index]], header=(), footer=())
            ranges = MetadataWrapper(alone, unsafe_skip_copy=True).resolve(PositionProvider)
            self._within[index] = ranges
        return ranges

    def _first_line(self, index: int) -> int:
        """The line where top-level statement `index` begins (its leading comments included)."""
        lines = self._first_lines
        while len(lines) <= index:
            before = self._module.body[len(lines) - 1]
            lines.append(lines[-1] + self._module.code_for_node(before).count("\n"))
        return lines[index]
