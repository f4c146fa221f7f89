"""flytecheck.mypy's tests; `mypy_config` is shared with bench/bench_mypy.py."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def mypy_config(folder: Path, *, plugin: bool, extra: str = "") -> Path:
    """mypy's options as a user's (docs/typing.md): the plugin line, flytekit read though it
    ships no py.typed, flytecheck found where this checkout is (an editable install is
    invisible to mypy), the core's own modules not reported on."""
    config = folder / ("with.ini" if plugin else "without.ini")
    config.write_text(
        "[mypy]\n"
        + ("plugins = flytecheck.mypy\n" if plugin else "")
        + f"mypy_path = {REPO}\n"
        + "ignore_missing_imports = True\n"
        + extra
        + "[mypy-flytekit.*]\nfollow_untyped_imports = True\n"
        + "[mypy-flytecheck.*]\nignore_errors = True\n"
    )
    return config
