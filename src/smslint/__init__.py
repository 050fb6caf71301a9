"""smslint: a compliance linter for Chinese notice SMS."""

__version__ = "0.1.0"
