"""`flytekit.extras.pydantic_transformer.decorator` under flytekit's path. flytekit patches
pydantic's schema generation for its file types here; the core's models need no patch (see
`flytecheck.core.types.pydantic_models`)."""
