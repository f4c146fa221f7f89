"""FlyteError: what the backend passes to a workflow's failure task as its `err` input."""

from __future__ import annotations

import dataclasses

__all__ = ["FlyteError"]


@dataclasses.dataclass
class FlyteError:
    """The failure that made the workflow run its `on_failure` entity."""

    message: str
    failed_node_id: str
