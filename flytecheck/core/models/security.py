"""`flytekit.models.security`: who an execution runs as, and the secrets and tokens it gets
(a launch plan's `security_context`)."""

from __future__ import annotations

import dataclasses
import enum

from flyteidl.core import security_pb2 as idl

from flytecheck.core.secrets import Secret

__all__ = ["Identity", "OAuth2Client", "OAuth2TokenRequest", "Secret", "SecurityContext"]


@dataclasses.dataclass
class OAuth2Client:
    client_id: str
    client_secret: Secret

    def to_flyte_idl(self) -> idl.OAuth2Client:
        return idl.OAuth2Client(client_id=self.client_id, client_secret=self.client_secret.to_idl())


@dataclasses.dataclass
class Identity:
    """An IAM role, a Kubernetes service account, an OAuth2 client or an execution identity."""

    iam_role: str | None = None
    k8s_service_account: str | None = None
    oauth2_client: OAuth2Client | None = None
    execution_identity: str | None = None

    def to_flyte_idl(self) -> idl.Identity:
        return idl.Identity(
            iam_role=self.iam_role or None,
            k8s_service_account=self.k8s_service_account or None,
            oauth2_client=self.oauth2_client.to_flyte_idl() if self.oauth2_client else None,
            execution_identity=self.execution_identity or None,
        )


@dataclasses.dataclass
class OAuth2TokenRequest:
    class Type(enum.IntEnum):
        CLIENT_CREDENTIALS = idl.OAuth2TokenRequest.Type.CLIENT_CREDENTIALS

    name: str
    client: OAuth2Client
    idp_discovery_endpoint: str | None = None
    token_endpoint: str | None = None
    type_: Type = Type.CLIENT_CREDENTIALS

    def to_flyte_idl(self) -> idl.OAuth2TokenRequest:
        return idl.OAuth2TokenRequest(
            name=self.name,
            type=int(self.type_),
            token_endpoint=self.token_endpoint,
            idp_discovery_endpoint=self.idp_discovery_endpoint,
            client=self.client.to_flyte_idl() if self.client else None,
        )


@dataclasses.dataclass
class SecurityContext:
    """Who the execution runs as, and what it may read."""

    run_as: Identity | None = None
    secrets: list[Secret] | None = None
    tokens: list[OAuth2TokenRequest] | None = None

    def to_flyte_idl(self) -> idl.SecurityContext | None:
        if self.run_as is None and self.secrets is None and self.tokens is None:
            return None
        return idl.SecurityContext(
            run_as=self.run_as.to_flyte_idl() if self.run_as else None,
            secrets=[s.to_idl() for s in self.secrets] if self.secrets else None,
            tokens=[t.to_flyte_idl() for t in self.tokens] if self.tokens else None,
        )
