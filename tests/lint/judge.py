"""Ask flytekit what it makes of a Flyte project: the ground truth a lint finding is judged by.

    python -m tests.lint.judge PATH...

Imports every module under PATH with flytekit (a package that is not installed is replaced by
a stub, so a module that needs pandera or torch still imports; a type from a stub is left
unjudged), then for every task and workflow it defines asks flytekit's TypeEngine about each
input and output: `pickled` (flytekit would pickle it), `refused` (flytekit raises), and
reports modules flytekit refuses to import at all (an untyped input, a mutable default, a
cache without version). Each line is `path:line: entity verdict name: type`, to set beside
`flytecheck lint PATH`. Run it on a copy: it imports the code it judges."""

from __future__ import annotations

import contextlib
import importlib.abc
import importlib.machinery
import importlib.util
import inspect
import io
import logging
import sys
import types
import warnings
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any


class _Stub(types.ModuleType):
    """A module whose every attribute is another stub: enough to import code that uses it."""

    __path__: list[str] = []

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        made = _stub_class(f"{self.__name__}.{name}")
        setattr(self, name, made)
        return made


def _stub_class(name: str) -> Any:
    """A class of its own for each name, so that two stubbed types are never one."""
    return _StubMeta(name, (_StubClass,), {})


class _StubMeta(type):
    def __getattr__(cls, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        return _stub_class(f"{cls.__name__}.{name}")

    def __getitem__(cls, item: Any) -> Any:
        return _StubClass


class _StubClass(metaclass=_StubMeta):
    """Stands for anything a stub module holds: callable, subclassable, subscriptable."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        return args[0] if len(args) == 1 and callable(args[0]) else _StubClass()

    def __getattr__(self, name: str) -> Any:
        return _StubClass()


class _StubFinder(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds a stub for any top-level package that is not installed."""

    def __init__(self, roots: set[str], folder: Path) -> None:
        self.roots = roots
        self.folder = str(folder)

    def _asked_by_project(self) -> bool:
        """Whether the import is the judged project's own (a library probing for an optional
        package must be told the truth)."""
        frame = sys._getframe(2)
        while frame is not None:
            name = frame.f_code.co_filename
            if not name.startswith("<frozen"):
                return name.startswith(self.folder)
            frame = frame.f_back  # type: ignore[assignment]
        return False

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> Any:
        top = fullname.split(".")[0]
        if top in self.roots or top == "flytekit" or fullname in sys.modules:
            return None
        parent = sys.modules.get(fullname.rpartition(".")[0])
        if not isinstance(parent, _Stub) and not self._asked_by_project():
            return None
        others = [f for f in sys.meta_path if f is not self]
        for finder in others:
            spec = getattr(finder, "find_spec", lambda *a: None)(fullname, path, target)
            if spec is not None:
                return None
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec: Any) -> Any:
        return _Stub(spec.name)

    def exec_module(self, module: Any) -> None:
        pass


def _is_stub(annotation: Any) -> bool:
    if annotation is _StubClass or isinstance(annotation, _StubClass):
        return True
    if isinstance(annotation, type) and issubclass(annotation, _StubClass):
        return True
    return any(_is_stub(a) for a in getattr(annotation, "__args__", ()) or ())


def _modules(root: Path) -> Iterator[tuple[Path, Path, str]]:
    """(file, the folder to import it from, its dotted name)."""
    for file in sorted(root.rglob("*.py")):
        parts = [] if file.stem == "__init__" else [file.stem]
        folder = file.parent
        while (folder / "__init__.py").exists():
            parts.insert(0, folder.name)
            folder = folder.parent
        yield file, folder, ".".join(parts)


def judge(paths: Sequence[Path]) -> list[str]:
    logging.disable(logging.CRITICAL)
    warnings.filterwarnings("ignore")
    from flytekit.core.base_task import PythonTask
    from flytekit.core.type_engine import TypeEngine
    from flytekit.core.workflow import WorkflowBase
    from flytekit.types.pickle.pickle import FlytePickleTransformer

    TypeEngine.lazy_import_transformers()  # before any stub could pass for torch or pandas

    out: list[str] = []
    for root in paths:
        for file, folder, name in _modules(root):
            roots = {p.name for p in folder.iterdir()} | {
                p.stem for p in folder.iterdir() if p.suffix == ".py"
            }
            finder = _StubFinder(roots, folder)
            sys.meta_path.append(finder)
            sys.path.insert(0, str(folder))
            try:
                with contextlib.redirect_stdout(io.StringIO()):
                    spec = importlib.util.spec_from_file_location(name or file.stem, file)
                    assert spec is not None
                    assert spec.loader is not None
                    module = importlib.util.module_from_spec(spec)
                    sys.modules[spec.name] = module
                    spec.loader.exec_module(module)
            except BaseException as e:
                out.append(f"{file}:0: module refused: {type(e).__name__}: {str(e)[:160]}")
                continue
            finally:
                sys.meta_path.remove(finder)
                sys.path.remove(str(folder))
            for entity in vars(module).values():
                if not isinstance(entity, (PythonTask, WorkflowBase)):
                    continue
                function = getattr(entity, "task_function", None) or getattr(
                    entity, "_workflow_function", None
                )
                if function is None or function.__module__ != module.__name__:
                    continue
                line = inspect.getsourcelines(function)[1]
                interface = entity.python_interface
                for kind, names in (("input", interface.inputs), ("output", interface.outputs)):
                    for param, annotation in names.items():
                        if _is_stub(annotation):
                            continue
                        try:
                            transformer = TypeEngine.get_transformer(annotation)
                            TypeEngine.to_literal_type(annotation)
                        except Exception as e:
                            verdict = f"refused ({type(e).__name__})"
                        else:
                            if not isinstance(transformer, FlytePickleTransformer):
                                continue
                            verdict = "pickled"
                        out.append(
                            f"{file}:{line}: {entity.name} {kind} {param}: {annotation} {verdict}"
                        )
    return out


if __name__ == "__main__":
    for row in judge([Path(p) for p in sys.argv[1:]]):
        print(row)
