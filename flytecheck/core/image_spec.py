"""ImageSpec: the image a task runs in, described by what goes into it.

flytecheck does not build images. A task's `container_image=ImageSpec(...)` is accepted, runs
locally like any task, and serializes as `<registry>/<name>:<tag>`, the tag a digest of the spec
(and of the requirements file it names). flytekit's tag is a digest of its own object's repr and
of the files of the build's source root, so the two tags differ: register with the image your
ImageSpec builder pushed, or pass `container_image` as a string.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import Any

__all__ = ["ImageSpec"]


@dataclasses.dataclass
class ImageSpec:
    """flytekit's ImageSpec fields; only the name, registry and tag matter here."""

    name: str = "flytekit"
    python_version: str | None = None
    builder: str | None = None
    source_root: str | None = None
    env: dict[str, str] | None = None
    registry: str | None = None
    packages: list[str] | None = None
    conda_packages: list[str] | None = None
    conda_channels: list[str] | None = None
    requirements: str | None = None
    apt_packages: list[str] | None = None
    cuda: str | None = None
    cudnn: str | None = None
    base_image: str | ImageSpec | None = None
    platform: str | None = None
    pip_index: str | None = None
    pip_extra_index_url: list[str] | None = None
    pip_secret_mounts: list[tuple[str, str]] | None = None
    pip_extra_args: str | None = None
    registry_config: str | None = None
    entrypoint: list[str] | None = None
    commands: list[str] | None = None
    tag_format: str | None = None
    source_copy_mode: Any = None
    copy: list[str] | None = None
    python_exec: str | None = None
    runtime_packages: list[str] | None = None
    builder_options: dict[str, Any] | None = None
    builder_config: dict[str, Any] | None = None

    @property
    def tag(self) -> str:
        """A digest of everything that goes into the image (not of where it is pushed)."""
        import base64
        import hashlib
        import json

        fields = dataclasses.asdict(self)
        fields.pop("registry_config")
        if isinstance(self.base_image, ImageSpec):
            fields["base_image"] = self.base_image.image_name()
        if self.requirements:
            fields["requirements"] = hashlib.sha1(
                Path(self.requirements).read_bytes().strip()
            ).hexdigest()
        text = json.dumps(fields, sort_keys=True, default=str).encode()
        digest = base64.urlsafe_b64encode(hashlib.md5(text).digest()).decode().rstrip("=")
        digest = digest.replace("-", "_")
        return self.tag_format.format(spec_hash=digest) if self.tag_format else digest

    def image_name(self) -> str:
        """The full image name the task's container runs."""
        name = f"{self.name}:{self.tag}"
        return f"{self.registry}/{name}" if self.registry else name

    def is_container(self) -> bool:
        """Whether the code runs in this image; locally it always does (as in flytekit)."""
        return True

    def exist(self) -> bool | None:
        """Whether the image exists in its registry: flytecheck does not look (None)."""
        return None

    def _with(self, field: str, values: str | list[str]) -> ImageSpec:
        extra = [values] if isinstance(values, str) else list(values)
        changes: dict[str, Any] = {field: [*(getattr(self, field) or []), *extra]}
        return dataclasses.replace(self, **changes)

    def with_packages(self, packages: str | list[str]) -> ImageSpec:
        return self._with("packages", packages)

    def with_apt_packages(self, apt_packages: str | list[str]) -> ImageSpec:
        return self._with("apt_packages", apt_packages)

    def with_commands(self, commands: str | list[str]) -> ImageSpec:
        return self._with("commands", commands)

    def with_copy(self, src: str | list[str]) -> ImageSpec:
        return self._with("copy", src)

    def with_runtime_packages(self, runtime_packages: list[str]) -> ImageSpec:
        return self._with("runtime_packages", runtime_packages)
