"""Decks as flytekit's tasks build them: `Deck(name, html)`, `.append`, the default deck, the
renderers; they belong to the running attempt and code that builds them runs unchanged."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.authoring import load_core

SOURCE = """
import flytekit
from flytekit import task
from flytekit.deck import TopFrameRenderer

@task(enable_deck=True)
def shows() -> list[str]:
    flytekit.Deck("pca", "<h1>PCA</h1>").append("<p>more</p>")
    flytekit.current_context().default_deck.append("<p>default</p>")
    flytekit.current_context().default_deck.append("<p>again</p>")
    return [f"{d.name}:{d.html}" for d in flytekit.current_context().decks]

@task
def fresh() -> int:
    return len(flytekit.current_context().decks)

def table(df) -> str:
    return TopFrameRenderer(max_rows=1).to_html(df)
"""


def test_a_task_builds_its_decks_and_the_next_task_starts_with_none(tmp_path: Path) -> None:
    module = load_core(tmp_path, SOURCE)
    assert module.shows() == ["pca:<h1>PCA</h1><p>more</p>", "default:<p>default</p><p>again</p>"]
    assert module.fresh() == 0


def test_renderers_render(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    html = load_core(tmp_path, SOURCE).table(pd.DataFrame({"a": [1, 2, 3]}))
    assert "<table" in html
    assert "<td>1</td>" in html
    assert "<td>3</td>" not in html  # max_rows=1


def test_appending_something_that_is_not_html_names_the_deck() -> None:
    from flytecheck.core.deck import Deck

    with pytest.raises(TypeError, match=r"Deck 'x': append\(\) takes HTML as a str, not a int"):
        Deck("x", auto_add_to_deck=False).append(3)  # type: ignore[arg-type]
