"""Rewrite corpus/.expectations.yaml to what the engine finds now, keeping its comments.

Run after a deliberate rule change: ``python -m tests.update_corpus_expectations``, then read
``git diff corpus/.expectations.yaml`` as the review of what the change did to the corpus. An
entry whose new result differs from an ``ENGINE DISAGREES`` note loses the note, so re-check
those against their ``intent`` comment by eye.
"""

from __future__ import annotations

import re

from smslint.engine.linter import Linters
from smslint.run.config import find_config
from smslint.sources import iter_files, read_path

from .test_corpus import CORPUS, EXPECTATIONS

ENTRY = re.compile(r'^  "(?P<id>[^"]+)": \[(?P<rules>[^\]]*)\]\s*$')


def current() -> dict[tuple[str, str], list[str]]:
    config = find_config(CORPUS)
    linters = Linters(default_pack=config.pack or "base", kind=config.kind)
    out = {}
    for path in iter_files([CORPUS], include=config.include, exclude=config.exclude):
        rel = path.relative_to(CORPUS).as_posix()
        for template in read_path(path):
            out[rel, template.id] = sorted({f.rule for f in linters.check(template).findings})
    return out


def main() -> None:
    got = current()
    lines = EXPECTATIONS.read_text(encoding="utf-8").splitlines()
    out: list[str] = []
    file = None
    changed = 0
    for line in lines:
        if line and not line.startswith((" ", "#")) and line.endswith(":"):
            file = line[:-1]
        m = ENTRY.match(line)
        if m and file is not None:
            old = [r.strip() for r in m["rules"].split(",") if r.strip()]
            new = got.get((file, m["id"]), old)
            if new != old:
                changed += 1
                if out and "ENGINE DISAGREES" in out[-1]:
                    out.pop()
                line = f'  "{m["id"]}": [{", ".join(new)}]'
        out.append(line)
    EXPECTATIONS.write_text("\n".join(out) + "\n", encoding="utf-8")
    print(f"{changed} expectations changed; review: git diff {EXPECTATIONS.name}")


if __name__ == "__main__":
    main()
