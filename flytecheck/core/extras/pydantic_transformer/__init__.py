"""`flytekit.extras.pydantic_transformer` under flytekit's path: pydantic models as values,
kept in `flytecheck.core.types.pydantic_models` (registered with the other types; pydantic is
imported only when a model is converted)."""
