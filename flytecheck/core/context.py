"""The context a conversion, a compilation or an execution runs in.

Contexts are immutable and stacked per thread and per asyncio task (a ContextVar), so two tests,
two threads or two executions never see each other's state. A context says what mode the code
runs in (ExecutionState), which workflow body is being compiled (CompileState), where scratch
files go, and which Runner runs tasks: the seam where mocks plug in.
"""

from __future__ import annotations

import contextlib
import enum
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

_Frozen = TypeVar("_Frozen", "ExecutionParameters", "FlyteContext")

if TYPE_CHECKING:
    from flyteidl.core.literals_pb2 import LiteralMap

    from flytecheck.core.io import FileAccessProvider


# What the context holds of the layers above it, as protocols: the context depends on nothing
# above it; the modules that implement these (the runner, the compile state, the checkpoint,
# the deck) import the context, never the other way round.
# (For type checkers only: a Protocol costs about a millisecond to create at import.)
if TYPE_CHECKING:

    class Runner(Protocol):
        """Runs one task, workflow or launch plan on its input literals (`_runner.py`; mocks)."""

        def run(self, entity: Any, inputs: LiteralMap, ctx: FlyteContext) -> LiteralMap: ...

    class CompileState(Protocol):
        """The workflow body being compiled (`node.CompilationState`)."""

        workflow: str
        prefix: str
        nodes: list[Any]
        open_sections: list[Any]

        def next_id(self) -> str: ...

        def add(self, node: Any) -> Any: ...

    class Checkpoint(Protocol):
        """A task attempt's checkpoint (`checkpoint.SyncCheckpoint`), flytekit's interface."""

        def prev_exists(self) -> bool: ...

        def restore(self, path: Any = None) -> Any: ...

        def save(self, cp: Any) -> None: ...

        def read(self) -> bytes | None: ...

        def write(self, b: bytes) -> None: ...

    class Deck(Protocol):
        """A page a task shows beside its outputs (`deck.Deck`)."""

        @property
        def name(self) -> str: ...

        def append(self, html: str) -> Any: ...

    class Secrets(Protocol):
        """A task's secrets (`secrets.SecretsManager`)."""

        def get(
            self,
            group: str | None = None,
            key: str | None = None,
            group_version: str | None = None,
            encode_mode: str = "r",
        ) -> str: ...

        def __getattr__(self, group: str) -> Any: ...


_DEFAULTS: dict[str, tuple[str, str]] = {
    "deck": ("flytecheck.core.deck", "Deck"),
    "secrets": ("flytecheck.core.secrets", "SecretsManager"),
}
"""What the context makes on demand from a layer above it, named, not imported: kind ->
(module, factory), loaded the first time it is needed (a task's default deck)."""


def _made(kind: str, *args: Any) -> Any:
    import importlib

    module, factory = _DEFAULTS[kind]
    return getattr(importlib.import_module(module), factory)(*args)


__all__ = [
    "ExecutionParameters",
    "ExecutionState",
    "FlyteContext",
    "FlyteContextManager",
    "TaskAttempt",
    "TaskIdentifier",
    "WorkflowExecutionIdentifier",
    "current_context",
]


def _new_sandbox() -> Path:
    import tempfile

    return Path(tempfile.mkdtemp(prefix="flytecheck-"))


@dataclass(frozen=True)
class ExecutionState:
    """How the current code is being run (flytekit's modes and their numbers)."""

    class Mode(enum.IntEnum):
        TASK_EXECUTION = 1
        LOCAL_WORKFLOW_EXECUTION = 2
        LOCAL_TASK_EXECUTION = 3
        DYNAMIC_TASK_EXECUTION = 4
        EAGER_EXECUTION = 5
        EAGER_LOCAL_EXECUTION = 6

    mode: Mode | None = None
    working_dir: Path | None = None

    def is_local_execution(self) -> bool:
        return self.mode in (
            ExecutionState.Mode.LOCAL_WORKFLOW_EXECUTION,
            ExecutionState.Mode.LOCAL_TASK_EXECUTION,
        )


@dataclass(frozen=True)
class WorkflowExecutionIdentifier:
    """Which execution this is (flytekit's `current_context().execution_id`)."""

    project: str
    domain: str
    name: str

    def __str__(self) -> str:
        return f"ex:{self.project}:{self.domain}:{self.name}"


@dataclass(frozen=True)
class TaskIdentifier:
    """Which registered task is running (flytekit's `current_context().task_id`)."""

    project: str
    domain: str
    name: str
    version: str

    def __str__(self) -> str:
        return f"TASK:{self.project}:{self.domain}:{self.name}:{self.version}"


@dataclass(frozen=True)
class ExecutionParameters:
    """What a running task may read about its execution (flytekit's user_space_params)."""

    project: str = "local"
    domain: str = "local"
    execution_name: str = "local"
    task_name: str = ""
    workflow: str = ""
    launch_plan: str = ""
    stats: Any = None
    working_directory: Path | None = None
    checkpoint: Checkpoint | None = None
    decks: list[Deck] = field(default_factory=list, compare=False)
    task_id: TaskIdentifier | None = None

    @property
    def execution_id(self) -> WorkflowExecutionIdentifier:
        return WorkflowExecutionIdentifier(self.project, self.domain, self.execution_name)

    @property
    def logging(self) -> Any:
        """The logger a task writes its own messages to (flytekit's `user_space_params.logging`)."""
        import logging

        return logging.getLogger("flytecheck.user")


@dataclass(frozen=True)
class FlyteContext:
    """What a transformer, a compilation or a task may need from its surroundings.

    `sandbox` is a local directory for scratch files; it is created the first time it is asked
    for, so a context costs nothing until something writes.
    """

    sandbox_dir: Path | None = None
    execution_state: ExecutionState | None = None
    compilation_state: CompileState | None = None
    runner: Runner | None = None
    file_access: FileAccessProvider | None = None
    user_space_params: ExecutionParameters | None = None
    _lazy: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

    @property
    def params(self) -> ExecutionParameters:
        """What the running task may read about its execution (defaults outside one)."""
        return self.user_space_params or _LOCAL_PARAMS

    @property
    def secrets(self) -> Secrets:
        """The task's secrets (`current_context().secrets.get(group, key)`), as flytekit."""
        made: Secrets = _made("secrets")
        return made

    @property
    def execution_id(self) -> WorkflowExecutionIdentifier:
        return self.params.execution_id

    @property
    def task_id(self) -> TaskIdentifier:
        found = self.params.task_id
        return found or TaskIdentifier("local", "local", self.params.task_name or "local", "local")

    @property
    def decks(self) -> list[Deck]:
        """The decks the running task has made (flytekit's `current_context().decks`)."""
        attempt = _ATTEMPT.get()
        return attempt.decks if attempt is not None else self.params.decks

    @property
    def default_deck(self) -> Deck:
        """The task's default page: made on first use."""
        found = next((d for d in self.decks if d.name == "default"), None)
        return found or _made("deck", "default")

    @property
    def checkpoint(self) -> Checkpoint:
        """The running attempt's checkpoint (see checkpoint.py)."""
        attempt = _ATTEMPT.get()
        found = attempt.checkpoint if attempt is not None else self.params.checkpoint
        if found is None:
            msg = (
                "current_context().checkpoint: there is no checkpoint outside a running task; "
                "read it in the task's body"
            )
            raise NotImplementedError(msg)
        return found

    @property
    def working_directory(self) -> Path:
        """A directory the task may write scratch files to (the container's, or a
        sandbox made for the local run)."""
        return self.params.working_directory or self.sandbox

    @property
    def stats(self) -> Any:
        return self.params.stats

    @property
    def sandbox(self) -> Path:
        if self.sandbox_dir is not None:
            return self.sandbox_dir
        if "sandbox" not in self._lazy:
            self._lazy["sandbox"] = _new_sandbox()
        path: Path = self._lazy["sandbox"]
        return path

    @staticmethod
    def current_context() -> FlyteContext:
        """The innermost context as user code sees it (flytekit's classmethod): with a file
        access provider and execution parameters, made for a local run if there are none."""
        return FlyteContextManager.current_context()

    def for_user(self) -> FlyteContext:
        if self.file_access is not None and self.user_space_params is not None:
            return self
        from flytecheck.core.io import FileAccessProvider

        return self.new_builder(
            file_access=self.file_access
            or FileAccessProvider(self.sandbox, str(self.sandbox / "raw")),
            user_space_params=self.params,
        )

    def new_builder(self, **changes: Any) -> FlyteContext:
        """A copy of this context with `changes` applied (flytekit's builder, as a replace).
        The copy shares the lazily made sandbox."""
        if self.sandbox_dir is None and "sandbox_dir" not in changes:
            changes["_lazy"] = self._lazy
        return evolve(self, **changes)


def evolve(obj: _Frozen, **changes: Any) -> _Frozen:
    """`dataclasses.replace` for the frozen, hook-free dataclasses of this module, at a fraction
    of its cost (a local run makes two for each task it runs)."""
    fields = obj.__dict__
    unknown = changes.keys() - fields.keys()
    if unknown:
        msg = f"{type(obj).__name__} has no field {', '.join(sorted(unknown))}"
        raise TypeError(msg)
    made = object.__new__(type(obj))
    made.__dict__.update(fields, **changes)
    return made


class TaskAttempt:
    """One local attempt of a task: its decks, and its checkpoint, made the first time the
    task asks for it (`make_checkpoint(*args)`), so a task that never reads one does not pay for it.
    Set for the attempt's duration by `attempt()`; the context's `decks` and `checkpoint`
    read it before the execution parameters (a container sets those)."""

    __slots__ = ("_checkpoint", "_make", "decks")

    def __init__(self, make_checkpoint: Any, *args: Any) -> None:
        self._make = (make_checkpoint, args)
        self._checkpoint: Any = None
        self.decks: list[Deck] = []

    @property
    def checkpoint(self) -> Any:
        if self._checkpoint is None:
            make, args = self._make
            self._checkpoint = make(*args)
        return self._checkpoint

    @property
    def made_checkpoint(self) -> Any:
        """The checkpoint if the attempt made one, else None."""
        return self._checkpoint


_ATTEMPT: ContextVar[TaskAttempt | None] = ContextVar("flytecheck_attempt", default=None)


def current_attempt() -> TaskAttempt | None:
    return _ATTEMPT.get()


def begin_attempt(attempt: TaskAttempt | None) -> Any:
    """Make `attempt` the current one (None: outside any); returns the token `end_attempt`
    takes. A token pair, not a context manager: a local run does it for every node."""
    return _ATTEMPT.set(attempt)


def end_attempt(token: Any) -> None:
    _ATTEMPT.reset(token)


_LOCAL_PARAMS = ExecutionParameters()
_ROOT = FlyteContext()
_STACK: ContextVar[tuple[FlyteContext, ...]] = ContextVar("flytecheck_context", default=(_ROOT,))


class FlyteContextManager:
    """The per-thread, per-task stack of contexts (flytekit's name and entry points)."""

    @staticmethod
    def current_context() -> FlyteContext:
        """The innermost context, as user code sees it (see FlyteContext.current_context)."""
        return _STACK.get()[-1].for_user()

    @staticmethod
    @contextlib.contextmanager
    def with_context(ctx: FlyteContext) -> Iterator[FlyteContext]:
        token = _STACK.set((*_STACK.get(), ctx))
        try:
            yield ctx
        finally:
            _STACK.reset(token)


def current_context() -> FlyteContext:
    """The innermost active context."""
    return _STACK.get()[-1]


class entered:
    """Make `ctx` current unless it already is (the cheap path the type engine takes on every
    conversion: a class, not a generator, and nothing pushed when it is current already)."""

    __slots__ = ("ctx", "token")

    def __init__(self, ctx: FlyteContext) -> None:
        self.ctx = ctx
        self.token: Any = None

    def __enter__(self) -> FlyteContext:
        stack = _STACK.get()
        if stack[-1] is not self.ctx:
            self.token = _STACK.set((*stack, self.ctx))
        return self.ctx

    def __exit__(self, *exc: object) -> None:
        if self.token is not None:
            _STACK.reset(self.token)
