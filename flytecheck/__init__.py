"""flytecheck: testing and static analysis for Flyte workflows."""

__all__ = ["__version__"]

__version__ = "0.1.0"
