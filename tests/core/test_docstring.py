"""Docstrings read as flytekit reads them (it registers what they say): the short and long
descriptions and each parameter's and return value's description, in reST, Google and numpydoc
style, compared with flytekit's own reading of the same text."""

from __future__ import annotations

import pytest

from flytecheck.core.docstring import Docstring

CASES = {
    "rest": """Short line
    continues here.

    Long para one.

    :param a: the a
      more about a
    :param int b: the b
    :type b: int
    :returns: result
    """,
    "google": """Google short.

    Long google.

    Args:
        a: the a
        b (str): the b
            continued

    Returns:
        int: the sum
    """,
    "numpy": """Numpy short.

    Parameters
    ----------
    a : int
        the a
    b
        the b

    Returns
    -------
    x : int
        the res
    y : str
        the y
    """,
    "colons in prose": """Just a description: with colon.

    More: text.""",
    "leading blank line": """
    Leading blank line.
    """,
    "google return without type": """Google, return no type.

    Returns:
        the thing
        over two lines
    """,
    "fields only": """:param a: first thing""",
    "google with raises": """Args here.

    Args:
        a (int, optional): the a. Defaults to 1.

    Raises:
        ValueError: when bad
    """,
    "empty": "",
}


def _read(doc: object) -> tuple[object, ...]:
    return (
        doc.short_description,  # type: ignore[attr-defined]
        doc.long_description,  # type: ignore[attr-defined]
        dict(doc.input_descriptions),  # type: ignore[attr-defined]
        dict(doc.output_descriptions),  # type: ignore[attr-defined]
    )


@pytest.mark.parametrize("name", CASES)
def test_reads_what_flytekit_reads(name: str) -> None:
    pytest.importorskip("flytekit")
    from flytekit.core.docstring import Docstring as Theirs

    assert _read(Docstring(CASES[name])) == _read(Theirs(CASES[name]))


def test_no_docstring_says_nothing() -> None:
    assert _read(Docstring(None)) == (None, None, {}, {})
