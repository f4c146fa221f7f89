"""One piece of Flyte code, written for flytekit, loaded twice: as written, on flytekit, and with
its imports pointed at flytecheck.core. Differential tests compare what the two do with it."""

from __future__ import annotations

import importlib.util
import json
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pytest
from google.protobuf import json_format

from tests.flytesnacks import point_at_core

_count = [0]


def _load(path: Path, name: str) -> types.ModuleType:
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def load_both(tmp_path: Path, source: str) -> tuple[types.ModuleType, types.ModuleType]:
    """(flytekit's module, the core's module) of `source`, under names of their own."""
    pytest.importorskip("flytekit")
    _count[0] += 1
    source = textwrap.dedent(source)
    fk = tmp_path / f"fk_src_{_count[0]}.py"
    fk.write_text(source)
    core = tmp_path / f"core_src_{_count[0]}.py"
    core.write_text(point_at_core(source))
    return _load(fk, fk.stem), _load(core, core.stem)


def load_core(tmp_path: Path, source: str) -> types.ModuleType:
    """`source`, written for flytekit, loaded on the core alone."""
    _count[0] += 1
    path = tmp_path / f"core_only_{_count[0]}.py"
    path.write_text(point_at_core(textwrap.dedent(source)))
    return _load(path, path.stem)


def flytekit_idl(entity: Any, **settings: Any) -> Any:
    """flytekit's registration message for `entity`."""
    from collections import OrderedDict

    from flytekit.configuration import Image, ImageConfig, SerializationSettings
    from flytekit.tools.translator import get_serializable

    s = SerializationSettings(
        project=settings.get("project", "proj"),
        domain=settings.get("domain", "dev"),
        version=settings.get("version", "v1"),
        image_config=ImageConfig(
            default_image=Image(name="default", fqn="example.org/app", tag="v1")
        ),
    )
    return get_serializable(OrderedDict(), s, entity).to_flyte_idl()


def core_idl(entity: Any) -> Any:
    from flytecheck.core.serialize import SerializationSettings, get_serializable

    s = SerializationSettings(
        project="proj", domain="dev", version="v1", image="example.org/app:v1"
    )
    return get_serializable(entity, s)


def normalized(message: Any, module: str) -> Any:
    """The message as JSON with the places flytecheck differs on purpose blanked (the SDK
    runtime; the container's entrypoint and resolver), upstream node ids sorted (flytekit's
    order varies from run to run) and the module's name made `mod`."""
    text = json_format.MessageToJson(message).replace(module, "mod")

    def blank(value: Any) -> Any:
        if isinstance(value, dict):
            out = {k: blank(v) for k, v in value.items() if k != "runtime"}
            args = out.get("args")
            if args and "--resolver" in args:
                args = list(args)
                args[0] = "<entrypoint>"
                args[args.index("--resolver") + 1] = "<resolver>"
                if "resolver" in args:  # a map task's: the mapped task's own resolver
                    args[args.index("resolver") + 1] = "<resolver>"
                out["args"] = args
            if "upstreamNodeIds" in out:  # flytekit's order comes from a set: it varies
                out["upstreamNodeIds"] = sorted(out["upstreamNodeIds"])
            return out
        if isinstance(value, list):
            return [blank(v) for v in value]
        return value

    return blank(json.loads(text))


def same_idl(fk_entity: Any, fk_module: str, core_entity: Any, core_module: str) -> None:
    """Assert flytekit and the core serialize the two to the same message."""
    __tracebackhide__ = True
    assert normalized(core_idl(core_entity), core_module) == normalized(
        flytekit_idl(fk_entity), fk_module
    )
