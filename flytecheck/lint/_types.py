"""Types in a signature judged as flytekit's TypeEngine judges them, from source: each name
resolved through the file's imports (so `datetime.date` after `from datetime import datetime`
is the method it is), classes the file defines judged along their bases as flytekit walks the
MRO, and everything else looked up in `_known_types`. What cannot be known (a class from a
package the linter does not read, a generic it does not know) is `unknown`, and no rule reports
on it: a finding needs positive knowledge."""

from __future__ import annotations

import builtins
import dataclasses
from collections.abc import Iterator

import libcst as cst

from flytecheck.lint import _known_types as known
from flytecheck.lint._context import FileContext
from flytecheck.lint._resolve import dotted

__all__ = ["Judged", "class_verdicts", "judged"]

TYPE_PREFIX = "type:"
"""How the project index names a class's verdict among a module's exports (`type:FC202`)."""

_BUILTINS = frozenset(dir(builtins))


_PLAIN = (
    "{name} is not a dataclass, Enum, pydantic model or a type a transformer handles, so "
    "flytekit pickles it: make it a dataclass, or list it in extra-types if a TypeTransformer "
    "you register handles it"
)


@dataclasses.dataclass(frozen=True)
class Judged:
    """One type expression of a signature and what flytekit makes of it: `ok`, `unknown`,
    or the code of the rule that reports it (FC201, FC202) with the reason."""

    node: cst.BaseExpression
    verdict: str
    reason: str = ""
    name: str = ""
    """The type as written, for messages."""


def class_verdicts(context: FileContext) -> dict[str, str]:
    """The verdict on each class the module defines (`type:ok`, `type:FC202`, ...), for the
    modules that import it: what flytekit makes of it, judged along its bases here."""
    judge = _judge(context)
    found = {}
    for name in context.classes:
        verdict, _ = judge.local_class(name)
        if verdict != "unknown":
            found[name] = TYPE_PREFIX + verdict
    return found


def _judge(context: FileContext) -> _Judge:
    judge: _Judge | None = context.memo.get("judge")
    if judge is None:
        judge = context.memo["judge"] = _Judge(context)
    return judge


def judged(context: FileContext, node: cst.FunctionDef) -> list[Judged]:
    """Every type expression of an entity's parameters and return, judged once a file however
    many rules ask."""
    memo: dict[cst.FunctionDef, list[Judged]] = context.memo.setdefault("judged", {})
    found = memo.get(node)
    if found is None:
        judge = _judge(context)
        found = []
        for param in (*node.params.params, *node.params.kwonly_params):
            if param.annotation is not None:
                found.extend(judge.walk(param.annotation.annotation, output=False))
        if node.returns is not None:
            found.extend(judge.walk(node.returns.annotation, output=True))
        memo[node] = found
    return found


class _Judge:
    def __init__(self, context: FileContext) -> None:
        self.context = context
        self.resolver = context.imports
        self._classes: dict[str, tuple[str, str]] = {}

    def qualify(self, node: cst.BaseExpression) -> str | None:
        """`typing.List` for `List` after `from typing import List`; `local.X` for a class or
        named tuple the file defines; `builtins.x` for an unbound builtin; None otherwise."""
        name = dotted(node)
        if name is None:
            return None
        head, _, rest = name.partition(".")
        if head in self.resolver.imports:
            base = self.resolver.imports[head]
            return f"{base}.{rest}" if rest else base
        if not rest and (head in self.context.classes or head in self.context.named_tuples):
            return f"local.{head}"
        if head in self.resolver.assigned or head in self.context.functions:
            return None
        if head in _BUILTINS or head == "None":
            return f"builtins.{name}"
        return None

    def walk(self, node: cst.BaseExpression, output: bool, top: bool = True) -> Iterator[Judged]:
        if isinstance(node, cst.BinaryOperation) and isinstance(node.operator, cst.BitOr):
            yield from self.walk(node.left, output, top=False)
            yield from self.walk(node.right, output, top=False)
            return
        if isinstance(node, cst.Tuple) and output and top:  # `-> (int, str)`: several outputs
            for element in node.elements:
                yield from self.walk(element.value, output, top=False)
            return
        if isinstance(node, cst.Subscript):
            yield from self._generic(node, output, top)
            return
        qualified = self.qualify(node)
        written = dotted(node) or ""
        if qualified is None:
            yield Judged(node, "unknown", name=written)
            return
        if qualified.startswith("local."):
            yield from self._local(node, qualified[6:], output, top)
            return
        verdict, reason = self._named(qualified)
        yield Judged(node, verdict, reason, written)

    def _generic(self, node: cst.Subscript, output: bool, top: bool) -> Iterator[Judged]:
        qualified = self.qualify(node.value)
        written = dotted(node.value) or ""
        args = [e.slice.value for e in node.slice if isinstance(e.slice, cst.Index)]
        if qualified is None:
            yield Judged(node, "unknown", name=written)
            return
        family = known.CONTAINERS.get(qualified)
        if family == "annotated":
            if args:
                yield from self.walk(args[0], output, top)
            return
        if family == "literal":
            yield Judged(node, "ok", name=written)
            return
        if family == "tuple":
            if output and top and not any(isinstance(a, cst.Ellipsis) for a in args):
                for arg in args:
                    yield from self.walk(arg, output, top=False)
                return
            yield Judged(node, "FC201", known.REFUSED_BARE[qualified], written)
            return
        if family == "dict" and len(args) == 2:
            key = self.qualify(args[0])
            if key is not None and key != "builtins.str" and key in known.SUPPORTED:
                yield Judged(node, "FC203", "", written)
        if family is not None:
            yield Judged(node, "ok", name=written)
            for arg in args:
                yield from self.walk(arg, output, top=False)
            return
        if qualified in known.FC201_PICKLED:
            yield Judged(node, "FC201", known.FC201_PICKLED[qualified], written)
            return
        if qualified in known.PICKLED:
            yield Judged(node, "FC202", known.PICKLED[qualified], written)
            return
        verdict, reason = self._named(qualified)
        yield Judged(node, verdict if verdict != "FC201" else "unknown", reason, written)

    def _project(self, qualified: str) -> tuple[str, str] | None:
        """The verdict the project index gives a class another module of the project defines;
        None when it gives none (remembered, for the index to answer in a second pass)."""
        verdict = self.resolver.factories.get(qualified, "")
        if verdict.startswith(TYPE_PREFIX):
            code = verdict[len(TYPE_PREFIX) :]
            name = qualified.rsplit(".", 1)[-1]
            return code, _PLAIN.format(name=name) if code == "FC202" else ""
        if self.resolver.is_project(qualified):
            self.resolver.unresolved.add(qualified)
        return None

    def _named(self, qualified: str) -> tuple[str, str]:
        """What flytekit makes of a type named without `[...]`."""
        if qualified in known.REFUSED_BARE:
            return "FC201", known.REFUSED_BARE[qualified]
        if qualified in known.FC201_PICKLED:
            return "FC201", known.FC201_PICKLED[qualified]
        if qualified in known.PICKLED:
            return "FC202", known.PICKLED[qualified]
        if self._supported(qualified):
            return "ok", ""
        if qualified.split(".")[-1] in self.context.extra_types:
            return "ok", ""
        return self._project(qualified) or ("unknown", "")

    def _supported(self, qualified: str) -> bool:
        if qualified in known.SUPPORTED or qualified in known.SUPPORTED_MARKERS:
            return True
        if qualified.split(".")[0] in self.resolver.sdk_roots:
            return qualified.rsplit(".", 1)[-1] in known.SDK_TYPES
        return False

    def _local(
        self, node: cst.BaseExpression, name: str, output: bool, top: bool
    ) -> Iterator[Judged]:
        fields = self.context.named_tuples.get(name)
        if fields is not None:
            if output and top:  # a NamedTuple return names the outputs
                for _field, annotation in fields:
                    yield from self.walk(annotation, output, top=False)
            else:
                yield Judged(node, "unknown", name=name)
            return
        verdict, reason = self.local_class(name)
        yield Judged(node, verdict, reason, name)

    def local_class(self, name: str) -> tuple[str, str]:
        """A class the file defines, judged along its bases as flytekit walks the MRO."""
        found = self._classes.get(name)
        if found is None:
            self._classes[name] = ("unknown", "")  # a cycle of bases judges nothing
            found = self._judge_class(name)
            self._classes[name] = found
        return found

    def _judge_class(self, name: str) -> tuple[str, str]:
        context = self.context
        if name in context.extra_types or context.has_transformer(name):
            return "ok", ""
        cls = context.classes[name]
        if context.is_dataclass(name) or context.is_named_tuple(name):
            return "ok", ""
        values = context.enum_values(name)
        if values is not None:
            if values and not all(
                isinstance(v, (cst.SimpleString, cst.ConcatenatedString)) for v in values
            ):
                return (
                    "FC201",
                    "flytekit refuses an Enum whose values are not all str: give every member "
                    "a str value",
                )
            return "ok", ""
        pickled = ("FC202", _PLAIN.format(name=name))
        for base in cls.bases:
            if base.keyword is not None:
                continue
            value = base.value.value if isinstance(base.value, cst.Subscript) else base.value
            qualified = self.qualify(value)
            if qualified is None:
                return "unknown", ""
            if qualified.startswith("local."):
                verdict = self.local_class(qualified[6:])
                if verdict[0] != "FC202":
                    return verdict
                continue
            if qualified in known.NEUTRAL_BASES:
                continue
            if self._supported(qualified) or qualified in known.SUPPORTED_MARKERS:
                return "ok", ""
            if qualified in known.PICKLED or qualified in known.FC201_PICKLED:
                continue
            project = self._project(qualified)
            if project is None or project[0] not in ("FC202", "ok"):
                return "unknown", ""
            if project[0] == "ok":
                return "ok", ""
        return pickled
