"""A small Flyte project: the order pipeline of a shop. The demo, the docs and the end-to-end
tests run on it."""
