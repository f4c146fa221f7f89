"""docs/lint.md lists every rule, generated from the rule classes."""

from __future__ import annotations

from flytecheck.lint.docs import BEGIN, END, rules_markdown
from tests.conftest import REPO


def test_the_rules_page_is_up_to_date() -> None:
    """The rule section of docs/lint.md is what the classes generate (regenerate it if not)."""
    page = (REPO / "docs" / "lint.md").read_text()
    section = page[page.index(BEGIN) : page.index(END) + len(END)] + "\n"
    assert section == rules_markdown()
