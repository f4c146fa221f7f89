"""A statsd client over UDP, for tasks' own metrics (`user_space_params.stats`).

Metrics are prefixed `{project}.{domain}.{task}.user_stats` and carry the execution's tags in the
DogStatsD form (`|#key:value`). UDP is fire-and-forget: a metric that cannot be sent is dropped,
never an error in the task.
"""

from __future__ import annotations

import contextlib
import socket
import time
from collections.abc import Iterator

__all__ = ["StatsClient"]


class StatsClient:
    def __init__(
        self, host: str, port: int, prefix: str, tags: dict[str, str] | None = None
    ) -> None:
        self.prefix = prefix.lower()
        self.tags = dict(tags or {})
        self._address = (host, port)
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)

    def _send(self, stat: str, value: str, kind: str, tags: dict[str, str] | None) -> None:
        all_tags = {**self.tags, **(tags or {})}
        suffix = (
            "|#" + ",".join(f"{k}:{v}" for k, v in sorted(all_tags.items())) if all_tags else ""
        )
        line = f"{self.prefix}.{stat}:{value}|{kind}{suffix}"
        with contextlib.suppress(OSError):
            self._socket.sendto(line.encode(), self._address)

    def incr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        self._send(stat, str(count), "c", tags)

    def decr(self, stat: str, count: int = 1, tags: dict[str, str] | None = None) -> None:
        self._send(stat, str(-count), "c", tags)

    def gauge(self, stat: str, value: float, tags: dict[str, str] | None = None) -> None:
        self._send(stat, repr(value), "g", tags)

    def timing(self, stat: str, ms: float, tags: dict[str, str] | None = None) -> None:
        self._send(stat, f"{ms:.3f}", "ms", tags)

    @contextlib.contextmanager
    def timer(self, stat: str, tags: dict[str, str] | None = None) -> Iterator[None]:
        start = time.perf_counter()
        try:
            yield
        finally:
            self.timing(stat, (time.perf_counter() - start) * 1000, tags)

    def close(self) -> None:
        self._socket.close()
