"""What the project index keeps of each file (its entities' signatures and its calls of
entities defined elsewhere), and the checks a call must pass. Plain data, no libcst: a run served
from the cache checks the project's calls without parsing anything."""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Iterable, Iterator
from typing import Any

__all__ = [
    "INDEX_CODES",
    "CallFacts",
    "CallSite",
    "Param",
    "Signature",
    "Summary",
    "factories_for",
    "index_of",
    "problems",
    "project_factories",
    "summary_from_json",
]

INDEX_CODES = ("FC304", "FC306", "FC307", "FC308", "FC309", "FC401")


@dataclasses.dataclass(frozen=True)
class Param:
    name: str
    annotation: str | None
    required: bool
    mutable_default: str | None = None
    """`list`, `dict` or `set` when a task's default is one (flytekit refuses it in a call that
    leaves the input out)."""


@dataclasses.dataclass(frozen=True)
class Signature:
    """An entity as a caller sees it: its kind, inputs in order, and how many outputs it has
    (None when the return annotation does not say)."""

    name: str
    kind: str
    params: tuple[Param, ...]
    outputs: int | None


@dataclasses.dataclass(frozen=True)
class CallFacts:
    """A call of an entity in a workflow or dynamic body, as the checks need it: of what
    (`module.name`, or the local name), with which keywords and how many positional arguments,
    unpacked into how many names, and the annotation of each workflow input passed straight
    through (keyword, annotation)."""

    callee: str
    keywords: tuple[str, ...]
    positional: int
    unpacked: int | None
    passed: tuple[tuple[str, str], ...]
    bound: tuple[str, ...] = ()
    """Inputs a `functools.partial` binds before `map_task` maps the rest."""


@dataclasses.dataclass(frozen=True)
class CallSite:
    """CallFacts where they are in the file, with the line's noqa codes (None: no noqa;
    empty: a bare noqa)."""

    line: int
    col: int
    facts: CallFacts
    noqa: tuple[str, ...] | None


@dataclasses.dataclass(frozen=True)
class Summary:
    module: str
    entities: tuple[Signature, ...]
    calls: tuple[CallSite, ...]
    factories: tuple[tuple[str, str], ...] = ()
    """Module-level decorators and environments the file defines: (name, kind)."""
    unresolved: tuple[str, ...] = ()
    """Decorators the file imports from the project's modules that it could not resolve."""


def project_factories(summaries: Iterable[Summary]) -> dict[str, str]:
    """Every decorator and environment the project's modules define, by `module.name`."""
    return {
        f"{summary.module}.{name}": kind
        for summary in summaries
        for name, kind in summary.factories
    }


def factories_for(summary: Summary | None, known: dict[str, str]) -> dict[str, str]:
    """The project factories a file's unresolved decorators name (`pkg.envs.actor` for
    `@actor.task`), for linting it again with them known."""
    if summary is None:
        return {}
    found = {}
    for name in summary.unresolved:
        for owner in (name, name.rpartition(".")[0]):
            if owner in known:
                found[owner] = known[owner]
    return found


def index_of(summaries: Iterable[Summary], wanted: set[str] | None = None) -> dict[str, Signature]:
    """The project's entities by `module.name` (only the `wanted` ones, when given: a run
    looks up a few hundred callees among thousands of entities)."""
    found: dict[str, Signature] = {}
    for summary in summaries:
        prefix = f"{summary.module}."
        for sig in summary.entities:
            name = prefix + sig.name
            if wanted is None or name in wanted:
                found[name] = sig
    return found


_SCALARS = {"int", "float", "str", "bool", "datetime", "timedelta", "date"}


def _short(annotation: str) -> str:
    return annotation.rsplit(".", 1)[-1]


def problems(facts: CallFacts, sig: Signature) -> Iterator[tuple[str, str]]:
    """(code, message) for each way the call does not fit the callee."""
    name = sig.name
    names = [p.name for p in sig.params]
    known = ", ".join(names) or "none"
    if sig.kind == "launch_plan" and facts.positional:
        yield (
            "FC304",
            f"launch plan {name} is called with {facts.positional} positional argument(s); "
            "launch plans take keyword arguments only: name each input",
        )
    given = set(facts.keywords) | set(facts.bound) | set(names[: facts.positional])
    missing = [p.name for p in sig.params if p.required and p.name not in given]
    for keyword in (*facts.bound, *facts.keywords):
        if keyword not in names:
            meant = difflib.get_close_matches(keyword, missing, n=1, cutoff=0.6)
            if meant:
                missing.remove(meant[0])
                hint = f"did you mean {meant[0]!r}? "
            else:
                hint = f"its inputs: {known}; "
            yield (
                "FC306",
                f"{name}() has no input {keyword!r} ({hint}rename the argument or remove it): "
                "Flyte refuses the call when the workflow compiles",
            )
    for missed in missing:
        yield (
            "FC307",
            f"{name}() needs input {missed!r}, which this call does not pass: pass it, or give "
            "it a default (or an Optional type) in the signature",
        )
    for param in sig.params:
        if param.mutable_default and param.name not in given:
            yield (
                "FC401",
                f"{name}() is called without {param.name!r}, whose default is a mutable "
                f"{param.mutable_default}: flytekit refuses the call when the workflow "
                f"compiles; pass {param.name!r} here, or default it to None in {name}() and "
                "build the value in the body",
            )
    outputs = sig.outputs
    if facts.unpacked is not None and outputs is not None and facts.unpacked != outputs:
        has = f"{outputs} output{'s' if outputs != 1 else ''}"
        yield (
            "FC308",
            f"{name}() has {has}, unpacked here into {facts.unpacked} names: unpack "
            f"{outputs or 'nothing'}, or use the result whole",
        )
    types = {p.name: p.annotation for p in sig.params}
    for keyword, annotation in facts.passed:
        expected = types.get(keyword)
        if expected is None:
            continue
        ours, theirs = _short(annotation), _short(expected)
        if ours in _SCALARS and theirs in _SCALARS and ours != theirs:
            yield (
                "FC309",
                f"{name}() takes {keyword!r} as {theirs}, but this workflow passes its {ours} "
                "input: the backend refuses the binding at registration (MismatchingTypes); "
                "change one of the two annotations or convert in a task",
            )


def summary_from_json(data: Any) -> Summary:
    """A summary from its cached form (`dataclasses.asdict`); raises TypeError or KeyError for
    anything else."""
    entities = tuple(
        Signature(e["name"], e["kind"], tuple(Param(**p) for p in e["params"]), e["outputs"])
        for e in data["entities"]
    )
    calls = tuple(
        CallSite(
            c["line"],
            c["col"],
            CallFacts(
                c["facts"]["callee"],
                tuple(c["facts"]["keywords"]),
                c["facts"]["positional"],
                c["facts"]["unpacked"],
                tuple((str(k), str(a)) for k, a in c["facts"]["passed"]),
                tuple(c["facts"].get("bound", ())),
            ),
            tuple(c["noqa"]) if c["noqa"] is not None else None,
        )
        for c in data["calls"]
    )
    factories = tuple((str(n), str(k)) for n, k in data.get("factories", ()))
    return Summary(
        data["module"], entities, calls, factories, tuple(map(str, data.get("unresolved", ())))
    )
