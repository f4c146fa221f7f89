"""Secrets: what a task asks the platform to mount (`Secret`), and how it reads them at run time
(`SecretsManager`, on `current_context().secrets`).

The lookup is flytekit's, so a test that sets the same environment variables or files works on
both: first the environment variable `<prefix><GROUP>[_<GROUP_VERSION>]_<KEY>` (upper-cased;
prefix `_FSEC_`, from `FLYTE_SECRETS_ENV_PREFIX`), and in a local run also the same name with no
prefix; then the file `<dir>/<group>[/<group_version>]/<file prefix><key>` (lower-cased; dir
`/etc/secrets` from `FLYTE_SECRETS_DEFAULT_DIR`, prefix from `FLYTE_SECRETS_FILE_PREFIX`).
"""

from __future__ import annotations

import enum
import os
from dataclasses import dataclass

from flyteidl.core import security_pb2

__all__ = ["Secret", "SecretsManager"]


@dataclass(frozen=True)
class Secret:
    """A secret a task needs: its group and key, and how it is mounted (any, env var, file)."""

    class MountType(enum.IntEnum):
        ANY = 0
        ENV_VAR = 1
        FILE = 2

    group: str | None = None
    key: str | None = None
    group_version: str | None = None
    mount_requirement: MountType = MountType.ANY
    env_var: str | None = None

    def __post_init__(self) -> None:
        if not self.key and not self.group:
            msg = "Secret needs a key (and usually a group): Secret(group='db', key='password')"
            raise ValueError(msg)

    def to_idl(self) -> security_pb2.Secret:
        return security_pb2.Secret(
            group=self.group or "",
            group_version=self.group_version or "",
            key=self.key or "",
            mount_requirement=int(self.mount_requirement),
            env_var=self.env_var or "",
        )


class SecretsManager:
    """Reads secrets as the platform mounts them: environment first, then files."""

    class _Group:
        """`secrets.group.key` attribute-style lookups."""

        def __init__(self, group: str, manager: SecretsManager) -> None:
            self._group = group
            self._manager = manager

        def __getattr__(self, key: str) -> str:
            return self._manager.get(self._group, key)

    def __init__(self) -> None:
        self._base_dir = os.environ.get("FLYTE_SECRETS_DEFAULT_DIR", "/etc/secrets").strip()
        self._file_prefix = os.environ.get("FLYTE_SECRETS_FILE_PREFIX", "").strip()
        self._env_prefix = os.environ.get("FLYTE_SECRETS_ENV_PREFIX", "_FSEC_").strip()

    def __getattr__(self, group: str) -> SecretsManager._Group:
        if group.startswith("__"):
            raise AttributeError(group)
        return SecretsManager._Group(group, self)

    def get(
        self,
        group: str | None = None,
        key: str | None = None,
        group_version: str | None = None,
        encode_mode: str = "r",
    ) -> str:
        """The secret's value (stripped), from its environment variable or its file."""
        from flytecheck.core.context import current_context

        state = current_context().execution_state
        prefixes = [self._env_prefix]
        if state is None or state.mode is None or state.is_local_execution():
            prefixes.append("")
        for prefix in prefixes:
            value = os.environ.get(_env_name(prefix, group, group_version, key))
            if value is not None:
                return value.strip()
        path = self.get_secrets_file(group, key, group_version)
        if os.path.exists(path):
            with open(path, encode_mode) as f:
                return f.read().strip()  # type: ignore[no-any-return]
        env = self.get_secrets_env_var(group, key, group_version)
        msg = (
            f"secret {key!r} of group {group!r} is neither in the environment variable {env} "
            f"nor in the file {path}; set one of them (in a test: os.environ[{env!r}] = ...), "
            f"and declare it on the task: @task(secret_requests=[Secret(group={group!r}, "
            f"key={key!r})])"
        )
        raise ValueError(msg)

    def get_secrets_env_var(
        self, group: str | None = None, key: str | None = None, group_version: str | None = None
    ) -> str:
        """The environment variable the secret is read from."""
        return _env_name(self._env_prefix, group, group_version, key)

    def get_secrets_file(
        self, group: str | None = None, key: str | None = None, group_version: str | None = None
    ) -> str:
        """The file the secret is read from when its environment variable is not set."""
        parts = [p.lower() for p in (group, group_version, key) if p]
        parts[-1] = f"{self._file_prefix}{parts[-1]}"
        return os.path.join(self._base_dir, *parts)


def _env_name(prefix: str, *parts: str | None) -> str:
    return prefix + "_".join(p.upper() for p in parts if p)
