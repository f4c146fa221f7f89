"""`flytekit.models.common`: AuthRole, the older way to say who an execution runs as."""

from __future__ import annotations

import dataclasses

__all__ = ["AuthRole"]


@dataclasses.dataclass
class AuthRole:
    """An IAM role and/or a Kubernetes service account (flytekit turns it into a
    SecurityContext; so does flytecheck)."""

    assumable_iam_role: str | None = None
    kubernetes_service_account: str | None = None
