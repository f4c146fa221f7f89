"""`flytekit.configuration` under flytekit's path: the serialization settings flytekit users
build (`SerializationSettings(image_config=ImageConfig(...), project=..., ...)`), with
flytekit's signatures. `flytecheck.core.tools.translator.get_serializable` takes them; the core
serializes with its own, smaller `flytecheck.core.serialize.SerializationSettings`, which
`core_settings()` makes of these.

Not here: `Config` and the other settings of the remote client (`PlatformConfig`, ...), which
talk to a cluster; fast registration (`FastSerializationSettings(enabled=True)` is refused by
name, not ignored)."""

from __future__ import annotations

import dataclasses
import os
import sys
from typing import Any

from flytecheck.core.exceptions.user import FlyteValidationException
from flytecheck.core.image_spec import ImageSpec
from flytecheck.core.resources import ResourceSpec

__all__ = [
    "DEFAULT_IMAGE_NAME",
    "DefaultImages",
    "EntrypointSettings",
    "FastSerializationSettings",
    "Image",
    "ImageConfig",
    "ImageSpec",
    "ResourceSpec",
    "SerializationSettings",
]

DEFAULT_IMAGE_NAME = "default"
DEFAULT_RUNTIME_PYTHON_INTERPRETER = "/opt/venv/bin/python3"


@dataclasses.dataclass(frozen=True)
class Image:
    """A container image: `fqn` with a `tag` or a `digest`."""

    name: str
    fqn: str
    tag: str | None = None
    digest: str | None = None

    def __post_init__(self) -> None:
        if self.tag is not None and self.digest is not None:
            msg = f"image {self.name!r}: give a tag or a digest, not both"
            raise FlyteValidationException(msg)

    @property
    def version(self) -> str | None:
        return self.tag or self.digest

    @property
    def full(self) -> str:
        if self.digest is not None:
            return f"{self.fqn}@{self.digest}"
        return f"{self.fqn}:{self.tag}" if self.tag else self.fqn

    @staticmethod
    def look_up_image_info(name: str, image_identifier: str) -> Image:
        """`fqn:tag` or `fqn@digest` as an Image called `name`."""
        if "@" in image_identifier:
            fqn, digest = image_identifier.split("@", 1)
            return Image(name=name, fqn=fqn, digest=digest)
        fqn, sep, tag = image_identifier.rpartition(":")
        if not sep or "/" in tag:  # `host:port/repo` has no tag
            msg = (
                f"image {image_identifier!r} ({name}) has no tag or digest: write it as "
                "`repo:tag` or `repo@sha256:...`, as flytekit requires"
            )
            raise FlyteValidationException(msg)
        return Image(name=name, fqn=fqn, tag=tag)


@dataclasses.dataclass(frozen=True)
class ImageConfig:
    """The default image and the other named images tasks may refer to."""

    default_image: Image | None = None
    images: list[Image] | None = None

    def find_image(self, name: str) -> Image | None:
        for image in [*(self.images or []), *([self.default_image] if self.default_image else [])]:
            if image.name == name:
                return image
        return None

    @classmethod
    def create_from(
        cls, default_image: Image | None, other_images: list[Image] | None = None
    ) -> ImageConfig:
        images = [default_image] if default_image is not None else []
        return cls(default_image=default_image, images=[*images, *(other_images or [])])

    @classmethod
    def from_images(cls, default_image: str, m: dict[str, str] | None = None) -> ImageConfig:
        """`from_images("org/app:v1", {"gpu": "org/app-gpu:v1"})`."""
        default = Image.look_up_image_info(DEFAULT_IMAGE_NAME, default_image)
        others = [Image.look_up_image_info(k, v) for k, v in (m or {}).items()]
        return cls.create_from(default, others)

    @classmethod
    def auto(cls, config_file: Any = None, img_name: str | None = None) -> ImageConfig:
        """`img_name` as the default image. Named images from a flytekit config file are not
        read: a config file given is refused by name."""
        if config_file is not None:
            msg = (
                f"ImageConfig.auto(config_file={config_file!r}): flytecheck reads no flytekit "
                "config files; name the images: ImageConfig.from_images('org/app:v1', {...})"
            )
            raise FlyteValidationException(msg)
        default = Image.look_up_image_info(DEFAULT_IMAGE_NAME, img_name) if img_name else None
        return cls.create_from(default)

    @classmethod
    def auto_default_image(cls) -> ImageConfig:
        return cls.auto(img_name=DefaultImages.default_image())


@dataclasses.dataclass(frozen=True)
class FastSerializationSettings:
    """Fast registration: code shipped beside the image. flytecheck does not serialize for
    it; `enabled=True` is refused when serializing."""

    enabled: bool = False
    destination_dir: str | None = None
    distribution_location: str | None = None


@dataclasses.dataclass(frozen=True)
class SerializationSettings:
    """What entities are registered as, in flytekit's form."""

    image_config: ImageConfig
    project: str | None = None
    domain: str | None = None
    version: str | None = None
    env: dict[str, str] | None = None
    default_resources: Any = None
    git_repo: str | None = None
    python_interpreter: str = DEFAULT_RUNTIME_PYTHON_INTERPRETER
    flytekit_virtualenv_root: str | None = None
    fast_serialization_settings: FastSerializationSettings | None = None
    source_root: str | None = None
    entrypoint_settings: EntrypointSettings | None = None

    def core_settings(self) -> Any:
        """The core serializer's settings for these (`flytecheck.core.serialize`)."""
        from flytecheck.core.serialize import SerializationSettings as CoreSettings

        fast = self.fast_serialization_settings
        if fast is not None and fast.enabled:
            msg = (
                "fast registration (FastSerializationSettings(enabled=True)) is not something "
                "flytecheck serializes for: pass enabled=False, or serialize with flytekit"
            )
            raise FlyteValidationException(msg)
        default = self.image_config.default_image
        return CoreSettings(
            project=self.project or "",
            domain=self.domain or "",
            version=self.version or "",
            image=default.full if default is not None else "",
            env=dict(self.env or {}),
            images={i.name: i.full for i in self.image_config.images or [] if i is not default},
            default_resources=_resource_spec(self.default_resources),
        )


def _resource_spec(given: Any) -> ResourceSpec | None:
    if given is None or isinstance(given, ResourceSpec):
        return given
    msg = (
        f"SerializationSettings(default_resources={given!r}): pass "
        "ResourceSpec(requests=Resources(...), limits=Resources(...))"
    )
    raise TypeError(msg)


@dataclasses.dataclass
class EntrypointSettings:
    """Where the container's entrypoint command is found (flytekit's plugins that launch their
    own interpreter read it; a Python task's container runs the entrypoint on its PATH)."""

    path: str | None = None


class DefaultImages:
    """The image a task runs in when neither it nor the settings name one: the environment's
    FLYTE_INTERNAL_IMAGE, else flytekit's published image for this Python."""

    PREFIX = "cr.flyte.org/flyteorg/flytekit:py"

    @classmethod
    def default_image(cls) -> str:
        return cls.find_image_for()

    @classmethod
    def find_image_for(cls, python_version: Any = None, flytekit_version: str | None = None) -> str:
        given = os.environ.get("FLYTE_INTERNAL_IMAGE")
        if given:
            return given
        major, minor = getattr(python_version, "value", python_version) or sys.version_info[:2]
        version = flytekit_version.replace("v", "") if flytekit_version else "latest"
        return f"{cls.PREFIX}{major}.{minor}-{version}"
