"""The procedure catalog: schema, loader/validator, importers/exporters and bundled data."""
