"""The engine: one parsed module and the rules in, violations (and the fixed source) out.
No I/O: `api.py` reads files, caches and parallelises."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import TypeVar

import libcst as cst

from flytecheck.lint._codes import PARSE_ERROR, UNUSED_NOQA
from flytecheck.lint._context import BODY_KINDS, Entity, FileContext
from flytecheck.lint._guard import deep_call, screen
from flytecheck.lint._model import FileResult, Violation
from flytecheck.lint._positions import Locator
from flytecheck.lint._resolve import SDK_ROOTS
from flytecheck.lint._summary import INDEX_CODES, Summary
from flytecheck.lint._walk import Hook, walk
from flytecheck.lint.rule import LintRule, Report

__all__ = ["lint_source"]

T = TypeVar("T")

_NOQA = re.compile(
    r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:\s*,\s*[A-Z]+[0-9]+)*))?", re.IGNORECASE
)
_FILE_NOQA = re.compile(r"#\s*flytecheck:\s*noqa\b", re.IGNORECASE)


def _noqa_codes(line: str) -> set[str] | None:
    """The FC codes a line's `# noqa: ...` names (empty for a bare noqa; None without one)."""
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    return {c.strip().upper() for c in codes.split(",")} if codes else set()


def unused_suppressions(
    path: str, lines: list[str], fired: dict[int, set[str]], enabled: set[str]
) -> list[Violation]:
    """FC002: a `# noqa: FCxxx` naming an enabled rule that reported nothing on its line.
    Bare `# noqa` and other tools' codes are left alone."""
    out = []
    for number, line in enumerate(lines, start=1):
        if "noqa" not in line:
            continue
        codes = _noqa_codes(line)
        stale = sorted(c for c in codes or () if c in enabled and c not in fired.get(number, set()))
        if stale:
            col = line.index("#") + 1
            message = (
                f"unused suppression of {', '.join(stale)}: nothing is reported here; remove it"
            )
            out.append(Violation(path, number, col, UNUSED_NOQA, message))
    return out


def _suppressed(line: str, code: str) -> bool:
    match = _NOQA.search(line)
    if match is None:
        return False
    codes = match.group("codes")
    return codes is None or code in {c.strip().upper() for c in codes.split(",")}


class _Replace(cst.CSTTransformer):
    def __init__(self, replacements: dict[int, cst.CSTNode]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        return self.replacements.get(id(original_node), updated_node)


def lint_source(
    source: str,
    path: str,
    rules: Sequence[type[LintRule]],
    *,
    fix: bool = False,
    unsafe_fixes: bool = False,
    extra_types: Iterable[str] = (),
    enabled_codes: Iterable[str] = (UNUSED_NOQA,),
    sdk_modules: Iterable[str] = (),
    factories: Mapping[str, str] | None = None,
    default_cache_policy: bool = False,
) -> FileResult:
    """Lint one file's source with `rules`; with `fix`, also return the fixed source.
    `enabled_codes` may hold the engine's own codes (FC002, unused suppressions);
    `sdk_modules` names SDKs that re-export flytekit besides the built-in ones; `factories`
    gives the kinds of decorators and environments the project's other modules define
    (`pkg.envs.actor` -> environment), from the project index; `default_cache_policy`: the
    project's SDK gives tasks a cache policy (Union's), so a cache needs no version."""
    if _FILE_NOQA.search(source):
        return FileResult(path, ())
    screening = screen(source)
    if screening.refused is not None:
        line, column, reason = screening.refused
        return FileResult(path, (_parse_error(path, line, column, reason),))
    run = deep_call if screening.deep else _here_or_deep
    with _collector_paused():
        return run(
            _lint_source,
            source,
            path,
            rules,
            fix=fix,
            unsafe_fixes=unsafe_fixes,
            extra_types=extra_types,
            enabled_codes=set(enabled_codes),
            sdk_roots=(*SDK_ROOTS, *sdk_modules),
            factories=factories,
            default_cache_policy=default_cache_policy,
        )


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """No cyclic garbage collection while a file is linted: a parsed module is a million
    objects that every full collection walks again (12 times for a 250,000-line file, a fifth of
    the run), and linting makes no cycles worth collecting before it ends."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _here_or_deep(fn: Callable[..., T], *args: object, **kwargs: object) -> T:
    """`fn` on this thread (a fresh thread costs a third of the parse); on the deep thread if
    the code nests deeper than this stack allows (a chain of 600 unary minuses is short)."""
    try:
        return fn(*args, **kwargs)
    except RecursionError:
        return deep_call(fn, *args, **kwargs)


def _parse_error(path: str, line: int, column: int, reason: str) -> Violation:
    message = f"the file does not parse ({reason}); fix the syntax so Flyte can load it"
    return Violation(path, line, column, PARSE_ERROR, message)


def _lint_source(
    source: str,
    path: str,
    rules: Sequence[type[LintRule]],
    *,
    fix: bool,
    unsafe_fixes: bool,
    extra_types: Iterable[str],
    enabled_codes: set[str],
    sdk_roots: tuple[str, ...],
    factories: Mapping[str, str] | None,
    default_cache_policy: bool,
) -> FileResult:
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as e:
        violation = _parse_error(path, e.editor_line, e.editor_column + 1, e.message)
        return FileResult(path, (violation,))
    from flytecheck.lint._index import module_name

    context = FileContext(
        module,
        path,
        frozenset(extra_types),
        module_name=module_name(path),
        sdk_roots=sdk_roots,
        factories=factories,
        default_cache_policy=default_cache_policy,
    )
    visitors = [rule(context) for rule in rules]
    statements = _visit(context, visitors)
    lines = source.splitlines()
    enabled = {rule.CODE for rule in rules}
    check_noqa = UNUSED_NOQA in enabled_codes
    locator = Locator(module)
    summary = _summary(context, path, lines, locator)
    fired: dict[int, set[str]] = {}
    for site in summary.calls if summary is not None else ():
        fired.setdefault(site.line, set()).update(INDEX_CODES)  # decided once all files are read
    if not any(v.reports for v in visitors):
        stale = unused_suppressions(path, lines, fired, enabled) if check_noqa else []
        return FileResult(path, tuple(stale), summary=summary)
    violations: list[Violation] = []
    fixes: dict[int, cst.CSTNode] = {}
    for visitor in visitors:
        for report in visitor.reports:
            start = locator.start(report.node, statements.get(id(report)))
            fired.setdefault(start.line, set()).add(visitor.CODE)
            text = lines[start.line - 1] if start.line - 1 < len(lines) else ""
            if _suppressed(text, visitor.CODE):
                continue
            fixable = _applicable(report, unsafe_fixes)
            violations.append(
                Violation(path, start.line, start.column + 1, visitor.CODE, report.message, fixable)
            )
            if fix and fixable:
                fixes[id(report.node)] = report.replacement  # type: ignore[assignment]
    if check_noqa:
        violations.extend(unused_suppressions(path, lines, fired, enabled))
    violations.sort(key=lambda v: (v.line, v.col, v.code))
    fixed = None
    if fix and fixes:
        fixed = module.visit(_Replace(fixes)).code
        cst.parse_module(fixed)  # a fix must leave a file that parses
        remaining = [v for v in violations if not v.fixable]
        return FileResult(path, tuple(remaining), fixed, summary=summary)
    return FileResult(path, tuple(violations), summary=summary)


_TOP_LEVEL_DEF = re.compile(r"^(?:async\s+)?def\s+(\w+)")


def _summary(context: FileContext, path: str, lines: list[str], locator: Locator) -> Summary | None:
    """The project index's record of the file, from this parse; None for a file without
    entities or imperative workflows."""
    resolver = context.imports
    if not (
        context.entities
        or context.imperative_calls
        or context.classes
        or resolver.exported()
        or resolver.unresolved
    ):
        return None
    from flytecheck.lint._index import summarize

    def_lines: dict[str, int] = {}
    for number, text in enumerate(lines, start=1):
        found = _TOP_LEVEL_DEF.match(text)
        if found is not None:
            def_lines[found.group(1)] = number  # the last definition wins, as in Python

    def locate(node: cst.CSTNode, entity: Entity) -> tuple[int, int] | None:
        """From the line of the entity's `def` in the text (top-level entities only)."""
        def_line = None if entity.nested else def_lines.get(entity.node.name.value)
        if def_line is None:
            return None
        start = locator.start_near(node, entity.statement, entity.node.name, def_line)
        return (start.line, start.column + 1) if start is not None else None

    def locate_statement(node: cst.CSTNode, statement: cst.CSTNode) -> tuple[int, int]:
        start = locator.start(node, statement)
        return start.line, start.column + 1

    return summarize(context, path, lines, locate, locate_statement)


def _visit(context: FileContext, visitors: list[LintRule]) -> dict[int, cst.CSTNode]:
    """Run the rules where Flyte code is, not over the whole module: a workflow's body in full
    (promises live there), a task's signature and decorator only (its body is ordinary Python).
    Most of a file is task bodies and unrelated code, so this keeps linting near the cost of
    parsing. Returns the top-level statement each report (by id) was made in."""
    visit, leave = _hook_tables(visitors)
    statements: dict[int, cst.CSTNode] = {}
    for entity in context.entities.values():
        counts = [len(visitor.reports) for visitor in visitors]
        if entity.kind in BODY_KINDS:
            walk(entity.node, visit, leave)
        else:
            for hook in (*visit.get("FunctionDef", ()), *leave.get("FunctionDef", ())):
                hook(entity.node)
        for visitor, count in zip(visitors, counts, strict=True):
            for report in visitor.reports[count:]:
                statements[id(report)] = entity.statement
    if any(hasattr(v, "check_statement") for v in visitors):
        for line in context.module.body:
            if isinstance(line, cst.SimpleStatementLine):
                _checked(visitors, statements, line, "check_statement", line)
    for call, statement in context.imperative_calls:
        _checked(visitors, statements, statement, "check_imperative", call, statement)
    return statements


def _checked(
    visitors: list[LintRule],
    statements: dict[int, cst.CSTNode],
    statement: cst.CSTNode,
    hook: str,
    *args: cst.CSTNode,
) -> None:
    """Call each rule's `hook` (if it has one) with `args`, and remember that what they
    report was found in `statement`."""
    counts = [len(visitor.reports) for visitor in visitors]
    for visitor in visitors:
        check = getattr(visitor, hook, None)
        if check is not None:
            check(*args)
    for visitor, count in zip(visitors, counts, strict=True):
        for report in visitor.reports[count:]:
            statements[id(report)] = statement


_HOOKS: dict[type, tuple[tuple[str, str], ...]] = {}


def _hooks(cls: type) -> tuple[tuple[str, str], ...]:
    """(kind, node type) of each visit_X/leave_X a rule class defines, found once per class
    (libcst's own batching looks them up with inspect on every traversal)."""
    found = _HOOKS.get(cls)
    if found is None:
        names = {
            name
            for klass in cls.__mro__
            if issubclass(klass, LintRule)
            for name in vars(klass)
            if name.startswith(("visit_", "leave_")) and name[6:7].isupper()
        }
        found = tuple((name[:5], name[6:]) for name in sorted(names))
        _HOOKS[cls] = found
    return found


def _hook_tables(
    visitors: list[LintRule],
) -> tuple[dict[str, list[Hook]], dict[str, list[Hook]]]:
    """Every rule's visit and leave hooks by node type, for one walk that serves them all."""
    tables: dict[str, dict[str, list[Hook]]] = {"visit": {}, "leave": {}}
    for visitor in visitors:
        for kind, node_type in _hooks(type(visitor)):
            hook = getattr(visitor, f"{kind}_{node_type}")
            tables[kind].setdefault(node_type, []).append(hook)
    return tables["visit"], tables["leave"]


def _applicable(report: Report, unsafe_fixes: bool) -> bool:
    return report.replacement is not None and (unsafe_fixes or not report.unsafe)


def add_noqa(source: str, violations: Iterable[Violation]) -> str:
    """`source` with `# noqa: CODES` appended to each reported line (merged with a noqa already
    there), for adopting the linter on existing code."""
    by_line: dict[int, set[str]] = {}
    for v in violations:
        if v.code not in (PARSE_ERROR, UNUSED_NOQA):
            by_line.setdefault(v.line, set()).add(v.code)
    ends = source.splitlines(keepends=True)
    for number, codes in by_line.items():
        line = ends[number - 1]
        body = line.rstrip("\r\n")
        newline = line[len(body) :]
        existing = _noqa_codes(body)
        if existing is not None:
            body = _NOQA.sub("", body).rstrip()
            codes |= existing
        ends[number - 1] = f"{body}  # noqa: {', '.join(sorted(codes))}{newline}"
    fixed = "".join(ends)
    deep_call(cst.parse_module, fixed)  # rare (--add-noqa): no need to screen it first
    return fixed
