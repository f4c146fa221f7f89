"""`flytekit.models.documentation`: what a task or workflow says about itself.

`@task(docs=Documentation(...))` or `@workflow(docs=...)`; a function's docstring fills the
short and long descriptions (and the parameters' descriptions, see docstring.py), winning over
`docs`, as in flytekit.
"""

from __future__ import annotations

import dataclasses
import enum

from flyteidl.admin import description_entity_pb2 as idl

__all__ = ["Description", "Documentation", "SourceCode"]


@dataclasses.dataclass
class Description:
    """A long description, its formatting kept."""

    class DescriptionFormat(enum.Enum):
        UNKNOWN = 0
        MARKDOWN = 1
        HTML = 2
        RST = 3

    value: str | None = None
    uri: str | None = None
    icon_link: str | None = None
    format: DescriptionFormat = DescriptionFormat.RST

    def to_flyte_idl(self) -> idl.Description:
        return idl.Description(
            value=self.value or None,
            uri=self.uri or None,
            format=self.format.value,
            icon_link=self.icon_link,
        )


@dataclasses.dataclass
class SourceCode:
    """Where the entity's code lives."""

    link: str | None = None

    def to_flyte_idl(self) -> idl.SourceCode:
        return idl.SourceCode(link=self.link)


@dataclasses.dataclass
class Documentation:
    """A one-line overview, a long description and a link to the source."""

    short_description: str | None = None
    long_description: Description | None = None
    source_code: SourceCode | None = None

    def to_flyte_idl(self) -> idl.DescriptionEntity:
        return idl.DescriptionEntity(
            short_description=self.short_description,
            long_description=self.long_description.to_flyte_idl()
            if self.long_description
            else None,
            source_code=self.source_code.to_flyte_idl() if self.source_code else None,
        )
