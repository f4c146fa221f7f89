"""`_F_SS_C`: the serialization settings a dynamic task's container needs, in flytekit's form.

A dynamic task builds its sub-workflow in the container, and the task templates it writes to
futures.pb name an image, a project, a domain and a version. flytekit carries them in the
dynamic task's template as the environment variable `_F_SS_C`: its SerializationSettings as
JSON, gzipped (mtime 0) and base64-encoded. flytecheck writes the same value, byte for byte,
so templates either side registers run on either entrypoint, and reads it back the way
pyflyte-execute does (the version from FLYTE_INTERNAL_TASK_VERSION, project and domain from
the settings or else the execution's).
"""

from __future__ import annotations

import base64
import gzip
import io
import json
import os
from typing import TYPE_CHECKING, Any

from flytecheck.core.exceptions.user import FlyteValidationException

if TYPE_CHECKING:
    from flytecheck.core.serialize import SerializationSettings

__all__ = ["SERIALIZED_CONTEXT_ENV_VAR", "from_environment", "serialized_context"]

SERIALIZED_CONTEXT_ENV_VAR = "_F_SS_C"
_INTERPRETER = "/opt/venv/bin/python3"  # flytekit's defaults, as it writes them
_VENV_ROOT = "/opt/venv"


def _image_parts(image: str) -> tuple[str, str | None]:
    fqn, colon, tag = image.rpartition(":")
    if not colon or "/" in tag:
        return image, None
    return fqn, tag


def serialized_context(s: SerializationSettings) -> str:
    """The `_F_SS_C` value for settings `s` (flytekit's bytes: same JSON, same gzip)."""
    fqn, tag = _image_parts(s.image)
    document = {
        "image_config": {
            "default_image": {"name": "default", "fqn": fqn, "tag": tag, "digest": None},
            "images": None,
        },
        "project": s.project,
        "domain": s.domain,
        "version": s.version,
        "env": dict(s.env) or None,
        "default_resources": None,
        "git_repo": None,
        "python_interpreter": _INTERPRETER,
        "flytekit_virtualenv_root": _VENV_ROOT,
        "fast_serialization_settings": None,
        "source_root": None,
    }
    buffer = io.BytesIO()
    with gzip.GzipFile(mode="wb", fileobj=buffer, mtime=0) as fh:
        fh.write(json.dumps(document).encode())
    return base64.b64encode(buffer.getvalue()).decode()


def from_environment(
    project: str, domain: str, task: str, given: str | None = None
) -> SerializationSettings:
    """The settings a dynamic task's container serializes its sub-workflow with: `_F_SS_C`
    (or `given`, its value), with pyflyte-execute's overrides. Without it, as pyflyte-execute
    does, settings with no default image: the sub-tasks that name their own image serialize,
    one that does not fails naming itself."""
    from flytecheck.core.serialize import SerializationSettings

    text = given or os.environ.get(SERIALIZED_CONTEXT_ENV_VAR, "")
    version = os.environ.get("FLYTE_INTERNAL_TASK_VERSION", os.environ.get("_F_TK_V", ""))
    if not text:
        return SerializationSettings(project=project, domain=domain, version=version, image="")
    try:
        document: dict[str, Any] = json.loads(gzip.decompress(base64.b64decode(text)))
        image = document["image_config"]["default_image"]
    except Exception as e:
        msg = f"dynamic task {task!r}: {SERIALIZED_CONTEXT_ENV_VAR} is not flytekit's settings: {e}"
        raise FlyteValidationException(msg) from e
    name = image["fqn"] + (f":{image['tag']}" if image.get("tag") else "")
    return SerializationSettings(
        project=document.get("project") or project,
        domain=document.get("domain") or domain,
        version=version,
        image=name,
        env=dict(document.get("env") or {}),
    )
