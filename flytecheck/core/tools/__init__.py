"""`flytekit.tools` under flytekit's path: the translator (serialization entry point)."""
