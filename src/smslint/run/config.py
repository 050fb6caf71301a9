"""Project configuration: ``.smslint.yaml`` or ``[tool.smslint]`` in ``pyproject.toml``.

The nearest file up from the working folder wins, like ruff and black, so a
template repository sets its pack and globs once and every hook, CI job and
developer gets the same run. The search stops at the repository root (the first
folder holding ``.git``): a file planted in a shared parent such as ``/tmp`` must not
swap the pack for everyone below it. Outside any repository only the working folder
is searched. A configuration in a folder other users can write is refused.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from smslint.core.errors import SmslintError

KEYS = {"pack", "kind", "include", "exclude", "fail_on", "fail-on", "lock_pack"}
# rule selection, read by smslint.packs.selection
SELECTION_KEYS = {"select", "ignore", "extend-select", "rules", "per-file-ignores"}


@dataclass
class Config:
    file: str | None = None
    pack: str | None = None
    kind: str | None = None
    include: list[str] = field(default_factory=list)
    exclude: list[str] = field(default_factory=list)
    fail_on: str | None = None
    lock_pack: bool = False  # templates' `pack:` may not name another pack than this one's
    # the selection keys as written (see smslint.packs.selection)
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
    if "lock_pack" in data:
        if not isinstance(data["lock_pack"], bool):
            line = marks.get("lock_pack", (None,))[0]
            raise SmslintError("'lock_pack' must be true or false", file, line)
        config.lock_pack = data["lock_pack"]
    if config.pack and "/" in config.pack:  # a pack path is relative to the config file
        config.pack = str(Path(file).parent / config.pack)
    return config


def repository_root(folder: Path) -> Path | None:
    """The first of ``folder`` (resolved) and its parents holding ``.git`` (a folder, or a
    file in a worktree or submodule), or None."""
    folder = folder.resolve()
    return next((d for d in (folder, *folder.parents) if (d / ".git").exists()), None)


def _search_folders(folder: Path) -> list[Path]:
    """``folder`` and its parents up to the repository root; ``folder`` alone outside one."""
    root = repository_root(folder)
    if root is None:
        return [folder]
    return [folder, *folder.parents[: len(folder.parents) - len(root.parents)]]


def _private_group(gid: int) -> bool:
    """Whether ``gid`` is the current user's own group with no other members (umask 002 with
    user private groups makes every folder group-writable; nobody else is in that group)."""
    if gid != os.getgid():
        return False
    try:
        import grp
        import pwd

        name = pwd.getpwuid(os.getuid()).pw_name
        return not [m for m in grp.getgrgid(gid).gr_mem if m != name]
    except (ImportError, KeyError):
        return False


def _others_write(info: os.stat_result) -> bool:
    return bool(
        info.st_mode & stat.S_IWOTH
        or (info.st_mode & stat.S_IWGRP and not _private_group(info.st_gid))
    )


def _unsafe(config: Path) -> str | None:
    """Why ``config`` may have been written by someone else, or None when it cannot have."""
    if not hasattr(os, "getuid"):  # no POSIX owners (Windows): nothing to check
        return None
    trusted = {os.getuid(), 0}
    folder, file = config.parent.stat(), config.stat()
    if folder.st_uid not in trusted or file.st_uid not in trusted:
        return "it or its folder belongs to another user"
    if _others_write(file):
        return "it is writable by other users"
    # in a sticky folder (like /tmp) others cannot replace a file they do not own
    if _others_write(folder) and not folder.st_mode & stat.S_ISVTX:
        return "its folder is writable by other users"
    return None


def _checked(config: Path) -> Path:
    reason = _unsafe(config)
    if reason is not None:
        raise SmslintError(
            f"configuration not read: {reason} (chmod go-w, or remove it)", str(config)
        )
    return config


def _read_yaml(dotfile: Path) -> Config:
    from smslint.packs import yamlpos

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
    """The nearest configuration up from ``start`` (the working folder) to the repository
    root, or an empty one."""
    folder = (start or Path.cwd()).resolve()
    for directory in _search_folders(folder):
        dotfile = directory / ".smslint.yaml"
        if dotfile.is_file():
            return _read_yaml(_checked(dotfile))
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            section = _pyproject_section(pyproject)
            if section is not None:
                _checked(pyproject)
                return _from_mapping(section, str(pyproject))
    return Config()
