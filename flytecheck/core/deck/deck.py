"""Deck: an HTML page a task builds while it runs (`Deck("pca", html)`, `.append(html)`).

A deck made in a running task belongs to that attempt (`current_context().decks`, and
`current_context().default_deck` for the page every task has). flytecheck does not render
decks to a file or upload them (the backend and flytekit's console do that), and says so in
docs/core.md; a task's code that builds decks runs unchanged.
"""

from __future__ import annotations

import enum

__all__ = ["Deck", "DeckField"]


class DeckField(str, enum.Enum):
    """The pages flytekit can add to a task's deck on its own (`@task(deck_fields=...)`)."""

    INPUT = "Input"
    OUTPUT = "Output"
    SOURCE_CODE = "Source Code"
    TIMELINE = "Timeline"
    DEPENDENCIES = "Dependencies"


class Deck:
    """A named HTML page; made in a task, it is added to that task's decks."""

    def __init__(self, name: str, html: str | None = "", auto_add_to_deck: bool = True) -> None:
        self._name = name
        self._html = html or ""
        if auto_add_to_deck:
            from flytecheck.core.context import current_context

            current_context().decks.append(self)

    def __repr__(self) -> str:
        return f"Deck({self._name!r}, {len(self._html)} characters of HTML)"

    @property
    def name(self) -> str:
        return self._name

    @property
    def html(self) -> str:
        return self._html

    def append(self, html: str) -> Deck:
        if not isinstance(html, str):
            msg = f"Deck {self._name!r}: append() takes HTML as a str, not a {type(html).__name__}"
            raise TypeError(msg)
        self._html += html
        return self
