"""`flytekit.core.data_persistence` under flytekit's path: the file access provider, and the
scratch folder flytekit makes when this module is imported (`flyte_tmp_dir`). The core keeps
the provider in `flytecheck.core.io`; this module is its face."""

from __future__ import annotations

import tempfile

from flytecheck.core.io import FileAccessProvider

flyte_tmp_dir = tempfile.mkdtemp(prefix="flyte-")
"""A scratch folder of this process, made on import as flytekit makes it."""

__all__ = ["FileAccessProvider", "flyte_tmp_dir"]
