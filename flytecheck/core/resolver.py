"""Task resolvers: how the container finds the task again from its serialized loader args."""

from __future__ import annotations

import importlib
import os
import sys
from typing import Any

from flytecheck.core.exceptions.system import FlyteEntrypointNotLoadable

__all__ = ["DefaultTaskResolver", "default_task_resolver", "load_resolver"]


class DefaultTaskResolver:
    """Loads a task by module and name: `task-module M task-name N`."""

    location = "flytecheck.core.resolver.default_task_resolver"

    def load_task(self, loader_args: list[str]) -> Any:
        from flytecheck.core.task import Task

        args = dict(zip(loader_args[::2], loader_args[1::2], strict=False))
        module_name, name = args.get("task-module"), args.get("task-name")
        if not module_name or not name:
            msg = f"loader args {loader_args} must be: task-module <module> task-name <name>"
            raise FlyteEntrypointNotLoadable(msg)
        if os.getcwd() not in sys.path:
            sys.path.insert(0, os.getcwd())
        try:
            module = importlib.import_module(module_name)
        except Exception as e:  # the user's module may raise anything while importing
            msg = f"task module {module_name!r} failed to import: {type(e).__name__}: {e}"
            raise FlyteEntrypointNotLoadable(msg) from e
        task = getattr(module, name, None)
        if not isinstance(task, Task):
            from flytecheck.core.task import is_test_module

            found = "nothing" if task is None else f"a {type(task).__name__}"
            msg = f"module {module_name!r} has no task named {name!r} (found {found})"
            if task is None and is_test_module(module_name):
                msg += (
                    "; a task defined inside a test function runs locally, but a container "
                    "loads tasks by module and name: define it at module level to run it here"
                )
            raise FlyteEntrypointNotLoadable(msg)
        return task

    def loader_args(self, task: Any) -> list[str]:
        return list(task.loader_args())


default_task_resolver = DefaultTaskResolver()


def load_resolver(path: str) -> Any:
    """The resolver object at `path` (module.attribute)."""
    module_name, _, attr = path.rpartition(".")
    try:
        return getattr(importlib.import_module(module_name), attr)
    except (ImportError, AttributeError, ValueError) as e:
        msg = f"resolver {path!r} cannot be loaded: {e}"
        raise FlyteEntrypointNotLoadable(msg) from e
