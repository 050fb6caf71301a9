"""Project configuration: ``.smslint.yaml`` or ``[tool.smslint]`` in ``pyproject.toml``.

The nearest file up from the working folder wins, like ruff and black, so a
template repository sets its pack and globs once and every hook, CI job and
developer gets the same run.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import SmslintError

KEYS = {"pack", "kind", "include", "exclude", "fail_on", "fail-on"}
# rule selection, read by smslint.selection
SELECTION_KEYS = {"select", "ignore", "extend-select", "rules", "per-file-ignores"}


@dataclass
class Config:
    file: str | None = None
    pack: str | None = None
    kind: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str | None = None
    # the selection keys as written (see smslint.selection)
    selection: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        """The folder the configuration's globs and paths are relative to."""
        return Path(self.file).resolve().parent if self.file else Path.cwd()


def _from_mapping(data: Any, file: str) -> Config:
    if not isinstance(data, dict):
        raise SmslintError("configuration must be a mapping", file, 1)
    marks = getattr(data, "key_marks", {})
    for key in data:
        if key not in KEYS and key not in SELECTION_KEYS:
            line = marks.get(key, (None,))[0]
            raise SmslintError(f"unknown configuration key {key!r}", file, line)
    config = Config(file=file)
    config.selection = {key: data[key] for key in SELECTION_KEYS if key in data}
    for key in ("pack", "kind"):
        if key in data:
            if not isinstance(data[key], str):
                raise SmslintError(f"{key!r} must be a string", file, marks.get(key, (None,))[0])
            setattr(config, key, data[key])
    for key in ("include", "exclude"):
        value = data.get(key, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise SmslintError(f"{key!r} must be a list of globs", file, marks.get(key, (None,))[0])
        setattr(config, key, list(value))
    fail_on = data.get("fail_on", data.get("fail-on"))
    if fail_on is not None:
        if fail_on not in ("error", "warning", "never"):
            raise SmslintError("fail_on must be error, warning or never", file)
        config.fail_on = fail_on
    if config.pack and "/" in config.pack:  # a pack path is relative to the config file
        config.pack = str(Path(file).parent / config.pack)
    return config


def _read_yaml(dotfile: Path) -> Config:
    from . import yamlpos  # PyYAML only when there is YAML to read

    text = dotfile.read_text(encoding="utf-8-sig")
    return _from_mapping(yamlpos.load(text, str(dotfile)) or {}, str(dotfile))


def _pyproject_section(pyproject: Path) -> Any:
    import tomllib

    try:
        data = tomllib.loads(pyproject.read_text(encoding="utf-8-sig"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise SmslintError(f"invalid TOML: {exc}", str(pyproject)) from None
    return data.get("tool", {}).get("smslint")


def find_config(start: Path | None = None) -> Config:
    """The nearest configuration up from ``start`` (the working folder), or an empty one."""
    folder = (start or Path.cwd()).resolve()
    for directory in (folder, *folder.parents):
        dotfile = directory / ".smslint.yaml"
        if dotfile.is_file():
            return _read_yaml(dotfile)
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            section = _pyproject_section(pyproject)
            if section is not None:
                return _from_mapping(section, str(pyproject))
    return Config()
