"""Guards between the user's source and libcst.

libcst's parser takes time quadratic in an expression's nesting depth (a list nested 1,000 deep
takes 5 s, 2,000 deep 30 s) and its native code overflows the thread's stack a few thousand
levels down, killing the process; the rules, the walk and libcst's own metadata recurse too.
CPython refuses such files long before that: more than 200 nested brackets is a SyntaxError, an
operator chain some 3,000 terms long a RecursionError. So a file whose nesting could be deep is
first shown to CPython's own parser (cheap: a tenth of libcst's parse), and what CPython refuses
is an FC001 finding at the line, as importing it would fail; what it accepts is linted on a
thread with a stack and a recursion limit large enough for any depth CPython allows. Other files,
nearly all, are linted where they are (a fresh thread costs a third of the parse: its allocator
arena starts empty), and moved to that thread only if they recurse too deep.
"""

from __future__ import annotations

import ast
import dataclasses
import sys
import threading
from collections.abc import Callable
from typing import TypeVar

__all__ = ["STACK_BYTES", "Screening", "deep_call", "screen"]

T = TypeVar("T")

_DEEP_BRACKETS = 50
"""Bracket depth from which CPython is asked; it refuses past 200."""
_LONG_STATEMENT = 2000
"""Characters in one logical line from which CPython is asked (a 3,000-term sum is ~12,000)."""
STACK_BYTES = 512 * 1024 * 1024
"""The linting thread's stack: reserved address space, used only as deep as the code goes."""
_RECURSION_LIMIT = 60_000


def _deepest(source: str) -> tuple[int, int, int]:
    """(deepest bracket nesting, longest logical line in characters, the line it starts on),
    counting brackets in strings and comments too: an over-estimate only sends a file to
    CPython's parser, which decides."""
    depth = deepest = longest = length = 0
    start = line_of_longest = 1
    for number, line in enumerate(source.split("\n"), start=1):
        if depth <= 0:
            depth, length, start = 0, 0, number
        opens = line.count("(") + line.count("[") + line.count("{")
        if opens:
            depth += opens
            deepest = max(deepest, depth)
            depth -= line.count(")") + line.count("]") + line.count("}")
        elif depth:
            depth -= line.count(")") + line.count("]") + line.count("}")
        length += len(line)
        if line.endswith("\\"):
            depth = max(depth, 1)
        if length > longest:
            longest, line_of_longest = length, start
    return deepest, longest, line_of_longest


@dataclasses.dataclass(frozen=True, slots=True)
class Screening:
    """What `screen` found: `refused` is (line, column from 1, reason) when CPython's parser
    would refuse the source; `deep` when CPython accepts a source that nests deep."""

    refused: tuple[int, int, str] | None = None
    deep: bool = False


def screen(source: str) -> Screening:
    """Ask CPython's parser about `source` when its nesting could be deep; else nothing."""
    deepest, longest, line = _deepest(source)
    if deepest < _DEEP_BRACKETS and longest < _LONG_STATEMENT:
        return Screening()
    try:
        ast.parse(source)
    except SyntaxError as e:
        return Screening((e.lineno or line, e.offset or 1, e.msg))
    except (RecursionError, MemoryError):
        return Screening((line, 1, "an expression nests too deeply for Python's parser"))
    return Screening(deep=True)


def deep_call(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`fn(*args, **kwargs)` on a thread with a large stack and recursion limit, so that code
    nested as deep as CPython allows is walked without a RecursionError or a crash."""
    results: list[T] = []
    errors: list[BaseException] = []

    def run() -> None:
        try:
            results.append(fn(*args, **kwargs))
        except BaseException as e:  # re-raised in the caller's thread
            errors.append(e)

    previous_limit = sys.getrecursionlimit()
    thread = threading.Thread(target=run, name="flytecheck-lint")
    try:
        previous_stack = threading.stack_size(STACK_BYTES)
    except (ValueError, RuntimeError):  # a platform without settable stacks: run here
        return fn(*args, **kwargs)
    try:
        sys.setrecursionlimit(max(previous_limit, _RECURSION_LIMIT))
        thread.start()
    except RuntimeError:  # no address space for the stack (a tight ulimit -v): run here
        sys.setrecursionlimit(previous_limit)
        return fn(*args, **kwargs)
    finally:
        threading.stack_size(previous_stack)
    try:
        thread.join()
    finally:
        sys.setrecursionlimit(previous_limit)
    if errors:
        raise errors[0]
    return results[0]
