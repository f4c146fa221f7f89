"""The project index: each file's entities and their signatures, and the entity calls its
workflow bodies make, read from the same parse the rules use (nothing is parsed twice) and
cached with the file's findings. After a run, calls of entities defined in other modules are
checked against the index with the same checks the rules apply within a file."""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence

import libcst as cst

from flytecheck._modules import import_name
from flytecheck.lint._context import Entity, FileContext
from flytecheck.lint._resolve import dotted
from flytecheck.lint._summary import CallFacts, CallSite, Param, Signature, Summary

__all__ = [
    "dict_keys",
    "entity_calls",
    "imperative_calls",
    "imported_entities",
    "launch_plan_signature",
    "module_name",
    "signature_of",
    "signatures",
    "summarize",
]


def module_name(path: str) -> str:
    """The dotted name a file is imported under."""
    return import_name(path)[0]


def _code(module: cst.Module, node: cst.BaseExpression | None) -> str | None:
    """An annotation as the checks compare it: its dotted name (`int`, `datetime.date`), the
    head of a subscript with `[...]` (`List[...]`); None when there is none. No code is
    generated: the index reads thousands of signatures."""
    if node is None:
        return None
    if isinstance(node, cst.Subscript):
        head = dotted(node.value)
        return f"{head}[...]" if head else "?"
    return dotted(node) or "?"


def _outputs(context: FileContext, returns: cst.Annotation | None) -> int | None:
    if returns is None:
        return 0
    annotation = returns.annotation
    if isinstance(annotation, cst.Tuple):  # `-> (int, str)`: flytekit's several outputs
        return len(annotation.elements)
    name = (dotted(annotation.value if isinstance(annotation, cst.Subscript) else annotation)) or ""
    short = name.rsplit(".", 1)[-1]
    if short == "None":
        return 0
    if isinstance(annotation, cst.Subscript) and short in ("Tuple", "tuple"):
        args = [e.slice.value for e in annotation.slice if isinstance(e.slice, cst.Index)]
        if any(isinstance(arg, cst.Ellipsis) for arg in args):
            return 1
        return len(args)
    fields = context.output_fields(name) if "." not in name else None
    if fields is not None:
        return len(fields)
    if short == "NamedTuple" or isinstance(annotation, cst.Call):
        return None
    return 1


def optional(node: cst.BaseExpression | None) -> bool:
    """`Optional[X]`, `X | None` or `Union[..., None]`: flytekit marks such an input not
    required, and a call that leaves it out binds None."""
    if node is None:
        return False
    if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
        return any(_is_none(side) or optional(side) for side in (node.left, node.right))
    if isinstance(node, cst.Subscript):
        head = (dotted(node.value) or "").rsplit(".", 1)[-1]
        args = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if head == "Optional":
            return True
        if head == "Union":
            return any(_is_none(arg) for arg in args)
        if head == "Annotated" and args:
            return optional(args[0])
    return False


def _is_none(node: cst.BaseExpression) -> bool:
    return (dotted(node) or "") in ("None", "NoneType", "types.NoneType")


def mutable_default(node: cst.BaseExpression | None) -> str | None:
    """`list`, `dict` or `set` for a default that is one (a literal or a bare constructor
    call); None otherwise."""
    if isinstance(node, cst.List):
        return "list"
    if isinstance(node, cst.Dict):
        return "dict"
    if isinstance(node, cst.Set):
        return "set"
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name):
        return node.func.value if node.func.value in ("list", "dict", "set") else None
    return None


def signature_of(context: FileContext, node: cst.FunctionDef, kind: str) -> Signature:
    module = context.module
    is_task = kind in ("task", "dynamic", "eager")
    params = tuple(
        Param(
            p.name.value,
            _code(module, p.annotation.annotation if p.annotation else None),
            p.default is None and not optional(p.annotation.annotation if p.annotation else None),
            mutable_default(p.default) if is_task else None,
        )
        for p in (*node.params.params, *node.params.kwonly_params)
    )
    return Signature(node.name.value, kind, params, _outputs(context, node.returns))


def _callee(
    context: FileContext, call: cst.Call, resolve: Mapping[str, str]
) -> tuple[str | None, tuple[str, ...] | None]:
    """The entity a call runs, and for `map_task(t)(...)` or `map_task(partial(t, k=v))(...)`
    the inputs the partial binds (an empty tuple for a plain map task; None for no map)."""
    func = call.func
    if not isinstance(func, cst.Call):
        return resolve.get(dotted(func) or ""), None
    if context.imports.kind_of(func.func) != "map" or not func.args:
        return None, None
    mapped = func.args[0].value
    bound: tuple[str, ...] = ()
    if isinstance(mapped, cst.Call) and context.imports.kind_of(mapped.func) == "partial":
        if not mapped.args:
            return None, None
        bound = tuple(a.keyword.value for a in mapped.args if a.keyword is not None)
        mapped = mapped.args[0].value
    return resolve.get(dotted(mapped) or ""), bound


def dict_keys(call: cst.Call, keyword: str) -> set[str]:
    """The string keys of a dict literal passed as `keyword` (a launch plan's fixed_inputs)."""
    for arg in call.args:
        if (
            arg.keyword is not None
            and arg.keyword.value == keyword
            and isinstance(arg.value, cst.Dict)
        ):
            return {
                e.key.raw_value
                for e in arg.value.elements
                if isinstance(e, cst.DictElement) and isinstance(e.key, cst.SimpleString)
            }
    return set()


def launch_plan_signature(context: FileContext, name: str) -> Signature | None:
    """A launch plan defined here, as its callers see it: its workflow's inputs less the fixed
    ones, the defaulted ones optional; its workflow's outputs."""
    call = context.launch_plans.get(name)
    if call is None or not call.args or not isinstance(call.args[0].value, cst.Name):
        return None
    workflow = context.by_name.get(call.args[0].value.value)
    if workflow is None or workflow.kind != "workflow":
        return None
    base = signature_of(context, workflow.node, "workflow")
    fixed, defaults = dict_keys(call, "fixed_inputs"), dict_keys(call, "default_inputs")
    params = tuple(
        dataclasses.replace(p, required=p.required and p.name not in defaults)
        for p in base.params
        if p.name not in fixed
    )
    return Signature(name, "launch_plan", params, base.outputs)


def signatures(context: FileContext) -> dict[str, Signature]:
    """Every entity and launch plan this file defines at its top level, by local name."""
    found = {
        name: signature_of(
            context, e.node, "launch_plan" if e.kind == "reference_launch_plan" else e.kind
        )
        for name, e in context.by_name.items()
    }
    for name in context.launch_plans:
        plan = launch_plan_signature(context, name)
        if plan is not None:
            found[name] = plan
    return found


def imperative_calls(
    context: FileContext, resolve: Mapping[str, str]
) -> Iterator[tuple[cst.Call, cst.CSTNode, CallFacts]]:
    """`wf.add_entity(entity, **inputs)` calls whose entity `resolve` names, with their
    statement and facts: the inputs are the keywords, nothing is unpacked."""
    for call, statement in context.imperative_calls:
        callee = resolve.get(dotted(call.args[0].value) or "")
        if callee is None:
            continue
        keywords = tuple(a.keyword.value for a in call.args[1:] if a.keyword is not None)
        positional = sum(1 for a in call.args[1:] if a.keyword is None and not a.star)
        yield call, statement, CallFacts(callee, keywords, positional, None, ())


def _targets_count(target: cst.BaseAssignTargetExpression) -> int | None:
    if isinstance(target, (cst.Tuple, cst.List)):
        return len(target.elements)
    return None


def _calls(node: cst.CSTNode) -> Iterator[cst.Call]:
    """A call and the calls in its arguments (`t2(a=t1(x=x))`)."""
    if isinstance(node, cst.Call):
        yield node
        for arg in node.args:
            yield from _calls(arg.value)


def entity_calls(
    context: FileContext, resolve: Mapping[str, str], only: Entity | None = None
) -> Iterator[tuple[cst.Call, Entity, CallFacts]]:
    """(call, the entity whose body holds it, its facts) for each call in the file's
    workflow and dynamic bodies (or `only` this entity's) whose callee `resolve` names (local
    name -> callee)."""
    from flytecheck.lint._workflow_body import _statements

    for entity in [only] if only is not None else context.entities.values():
        if entity.kind not in ("workflow", "dynamic"):
            continue
        annotations = {
            p.name.value: _code(context.module, p.annotation.annotation)
            for p in entity.node.params.params
            if p.annotation is not None and entity.kind == "workflow"
        }
        for small in _statements(entity.node.body.body):
            value: cst.BaseExpression | None = None
            unpacked: int | None = None
            if isinstance(small, cst.Assign):
                value = small.value
                if len(small.targets) == 1:
                    unpacked = _targets_count(small.targets[0].target)
            elif isinstance(small, (cst.Expr, cst.Return)):
                value = small.value
            if value is None:
                continue
            for call in _calls(value):
                callee, bound = _callee(context, call, resolve)
                if callee is None:
                    continue
                passed = tuple(
                    (a.keyword.value, str(annotations[a.value.value]))
                    for a in call.args
                    if a.keyword is not None
                    and isinstance(a.value, cst.Name)
                    and annotations.get(a.value.value)
                )
                keywords = tuple(a.keyword.value for a in call.args if a.keyword is not None)
                facts = CallFacts(
                    callee,
                    keywords,
                    sum(1 for a in call.args if a.keyword is None and not a.star),
                    unpacked if call is value else None,
                    () if bound is not None else passed,  # a map task takes lists
                    bound or (),
                )
                yield call, entity, facts


_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.I)


def _noqa(line: str) -> tuple[str, ...] | None:
    match = _NOQA.search(line)
    if match is None:
        return None
    codes = match.group("codes")
    return tuple(c.upper() for c in re.split(r"[\s,]+", codes) if c) if codes else ()


def imported_entities(context: FileContext) -> dict[str, str]:
    """Local names bound by `from project.module import name` (relative ones resolved against
    this file's package), to `project.module.name`; the SDKs' are left out."""
    resolver = context.imports
    return {
        local: qualified
        for local, qualified in resolver.imports.items()
        if "." in qualified and qualified.split(".")[0] not in resolver.sdk_roots
    }


def summarize(
    context: FileContext,
    path: str,
    lines: Sequence[str],
    locate: Callable[[cst.CSTNode, Entity], tuple[int, int] | None],
    locate_statement: Callable[[cst.CSTNode, cst.CSTNode], tuple[int, int] | None],
) -> Summary:
    """The file's entities, and its calls of entities other modules define."""
    module = context.imports.module_name or module_name(path)
    entities = tuple(context.signatures.values())
    calls = []
    imported = imported_entities(context)
    found: list[tuple[tuple[int, int] | None, CallFacts]] = [
        (locate(call, entity), facts) for call, entity, facts in entity_calls(context, imported)
    ]
    found += [
        (locate_statement(call, statement), facts)
        for call, statement, facts in imperative_calls(context, imported)
    ]
    for where, facts in found:
        if where is None:
            continue
        line, col = where
        text = lines[line - 1] if line - 1 < len(lines) else ""
        calls.append(CallSite(line, col, facts, _noqa(text)))
    from flytecheck.lint._types import class_verdicts

    resolver = context.imports
    exported = {**class_verdicts(context), **resolver.exported()}
    return Summary(
        module,
        entities,
        tuple(calls),
        tuple(sorted(exported.items())),
        tuple(sorted(resolver.unresolved)),
    )
