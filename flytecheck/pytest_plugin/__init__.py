"""flytecheck's pytest plugin: fixtures, graph assertions and snapshots, `--flyte`.

Installed as the `flytecheck` pytest11 plugin; `-p no:flytecheck` turns it off. The fixture
classes are exported so tests can annotate with them.
"""

from __future__ import annotations

from flytecheck.pytest_plugin._fixtures import FlyteExecute, FlyteMocker
from flytecheck.pytest_plugin._snapshot import FlyteSnapshot

__all__ = ["FlyteExecute", "FlyteMocker", "FlyteSnapshot"]
