"""smslint's version, which caches and reports carry; kept in step with pyproject.toml."""

__version__ = "0.1.0"
