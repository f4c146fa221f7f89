"""flytekit's renderers: a value as HTML for a deck. Each imports what it needs when used
(pandas, markdown-it-py, pygments) and says which package to install when it is missing."""

from __future__ import annotations

import importlib
from typing import Any

__all__ = ["MarkdownRenderer", "SourceCodeRenderer", "TopFrameRenderer"]

DEFAULT_MAX_ROWS = 10
DEFAULT_MAX_COLS = 100


def _needs(module: str, package: str, renderer: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as e:
        msg = f"{renderer} needs {package}: pip install {package}"
        raise ImportError(msg) from e


class TopFrameRenderer:
    """The first rows and columns of a DataFrame, as an HTML table."""

    def __init__(self, max_rows: int = DEFAULT_MAX_ROWS, max_cols: int = DEFAULT_MAX_COLS) -> None:
        self._max_rows = max_rows
        self._max_cols = max_cols

    def to_html(self, df: Any) -> str:
        html: str = df.to_html(max_rows=self._max_rows, max_cols=self._max_cols)
        return html


class MarkdownRenderer:
    """Markdown as HTML."""

    def to_html(self, text: str) -> str:
        markdown_it = _needs("markdown_it", "markdown-it-py", "MarkdownRenderer")
        html: str = markdown_it.MarkdownIt().render(text)
        return html


class SourceCodeRenderer:
    """Python source as highlighted HTML."""

    def __init__(self, title: str = "Source Code") -> None:
        self._title = title

    def to_html(self, source_code: str) -> str:
        pygments = _needs("pygments", "pygments", "SourceCodeRenderer")
        lexers = importlib.import_module("pygments.lexers")
        formatters = importlib.import_module("pygments.formatters")
        formatter = formatters.HtmlFormatter(style="colorful")
        css = formatter.get_style_defs(".highlight").replace("#fff0f0", "#ffffff")
        body = pygments.highlight(source_code, lexers.PythonLexer(), formatter)
        return f"<html><head><style>{css}</style></head><body>{body}</body></html>"
