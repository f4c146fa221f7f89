"""`flytekit.deck`: decks, the HTML pages a task can show beside its outputs."""

from __future__ import annotations

from flytecheck.core.deck.deck import Deck, DeckField
from flytecheck.core.deck.renderer import MarkdownRenderer, SourceCodeRenderer, TopFrameRenderer

__all__ = ["Deck", "DeckField", "MarkdownRenderer", "SourceCodeRenderer", "TopFrameRenderer"]
