"""Finding positions computed statement by statement must be exactly libcst's whole-module ones."""

from __future__ import annotations

from pathlib import Path

import libcst as cst
import pytest
from libcst.metadata import MetadataWrapper, PositionProvider

from flytecheck.lint._positions import Locator
from tests.lint._walked import walked

ROOT = Path(__file__).resolve().parents[2]
AWKWARD = [
    pytest.param("# a header comment\n\n#!more\n\nx = 1\n", id="header-comments"),
    pytest.param("x = 1\r\n\r\n# between\r\ndef f(a):\r\n    return a\r\n", id="crlf"),
    pytest.param("import os\n@dec\n\n# c\n@dec2\ndef f():\n    pass", id="no-final-newline"),
    pytest.param(
        "class A:\n    def m(self):\n        pass\n\n    # trailing comment\n\n\nb = A()\n",
        id="block-footer",
    ),
    pytest.param("x = 1; y = (\n    2,\n    3)\nif x:\n\tz = 'é'\n", id="tabs-and-unicode"),
    pytest.param('"""doc"""\n\n\n\nz = [\n  1,\n]\n', id="docstring-and-blank-lines"),
]
PROJECT = [
    pytest.param(path.read_text(), id=str(path.relative_to(ROOT)))
    for folder in ("flytecheck/lint", "examples")
    for path in sorted((ROOT / folder).rglob("*.py"))
]


@pytest.mark.parametrize("source", AWKWARD + PROJECT)
def test_every_node_starts_where_libcst_says(source: str) -> None:
    module = cst.parse_module(source)
    expected = MetadataWrapper(module, unsafe_skip_copy=True).resolve(PositionProvider)
    locator = Locator(module)
    for statement in module.body:
        for node in walked(statement):
            assert locator.start(node, statement) == expected[node].start


def test_a_node_outside_the_given_statement_is_still_placed() -> None:
    """A rule may report a node from elsewhere in the file (a launch plan, say)."""
    module = cst.parse_module("a = 1\n\nb = 2\n")
    first, second = module.body
    locator = Locator(module)
    assert locator.start(second, first).line == 3
    assert locator.start(first).line == 1
