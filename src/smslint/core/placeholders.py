"""Template placeholders (`${name}`, `{{name}}`, `{name}`, `{1}`) and broken brace syntax.

Placeholders must be found before any other processing: their names are variable parts that
checks must neither read as message text nor rewrite, and their length is only known from the
template's declared maximums. A template with a half-typed placeholder (`${amount`) is sent to
customers verbatim, so malformed braces are reported rather than silently treated as text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# A name is a word (letters incl. CJK, digits, _) that may continue with `.` and `-`, e.g.
# `user.name`, `due-date`, `还款日期`, `1`.
_NAME = r"\w[\w.\-]*"
# Spaces inside `{{ name }}` / `${ name }` are common in hand-written templates; line breaks
# are not, and accepting them would join unrelated braces across lines.
_SP = r"[ \t\u3000]*"

# One pass over the message: alternatives are tried left to right at each position, so `${` and
# `{{` win over `{`. A placeholder glued to an extra brace (`{{{a}}}`, `{a}}`) is not a
# placeholder at all; find_brace_problems reports the whole construct instead of a part of it.
# Every branch starts with a literal `$` or `{` (the "no `{` before" test sits after the first
# brace) so the regex engine can skip ahead to candidate characters.
_PLACEHOLDER = re.compile(
    rf"\$\{{{_SP}(?P<dollar>{_NAME}){_SP}\}}(?!\}})"
    rf"|\{{(?<!\{{\{{)\{{{_SP}(?P<double>{_NAME}){_SP}\}}\}}(?!\}})"
    rf"|\{{(?<!\{{\{{)(?P<brace>{_NAME})\}}(?!\}})"
)

# Candidate broken constructs in the text left between placeholders: brace runs joined by short
# single-line stretches of anything but braces, with the ASCII name they open or close
# (`${amount`, `$amount}`). CJK text around a brace is not pulled in: it is usually the
# sentence, not a name.
_BRACE_RUN = r"\$?[{}]+"
_CLUSTER = re.compile(
    rf"(?:(?<![A-Za-z0-9_.\-$])(?P<lead>\$?[A-Za-z0-9_.\-]+))?"
    rf"(?P<body>{_BRACE_RUN}(?:[^{{}}\n]{{0,32}}?{_BRACE_RUN})*)"
    rf"(?P<trail>[ \t]*[A-Za-z0-9_.\-]+)?"
)
_EMPTY = re.compile(r"\{[ \t\u3000]*\}")
_SINGLE_GROUP = re.compile(r"\$?(\{+)[^{}]*?(\}+)")
_NESTED = re.compile(r"\{[^{}]*[^{}\s$][^{}]*\{")


@dataclass(frozen=True)
class Placeholder:
    """A placeholder's span in the text it was found in, end exclusive."""

    start: int
    end: int
    name: str
    syntax: str  # "dollar" ${name}, "double" {{name}}, "brace" {name} / {1}


@dataclass
class BraceProblem:
    start: int
    end: int
    message: str


def find_placeholders(text: str) -> list[Placeholder]:
    """All placeholders in ``text``, in order and non-overlapping."""
    if "{" not in text:
        return []
    found = []
    for m in _PLACEHOLDER.finditer(text):
        syntax = m.lastgroup
        assert syntax is not None
        found.append(Placeholder(m.start(), m.end(), m.group(syntax), syntax))
    return found


def numbered(p: Placeholder) -> bool:
    """Positional placeholders (`{1}`) carry no name to look up a declared length by."""
    return p.name.isdecimal()


def find_brace_problems(text: str) -> list[BraceProblem]:
    """Braces that are not part of a well-formed placeholder, one problem per broken construct.

    Only the text between well-formed placeholders is examined, so a correct placeholder is never
    reported, even when a broken one sits right next to it.
    """
    if "{" not in text and "}" not in text:
        return []
    problems: list[BraceProblem] = []
    pos = 0
    for p in [*find_placeholders(text), None]:
        gap_end = len(text) if p is None else p.start
        if text.find("{", pos, gap_end) >= 0 or text.find("}", pos, gap_end) >= 0:
            problems.extend(_classify(text, m) for m in _CLUSTER.finditer(text, pos, gap_end))
        if p is not None:
            pos = p.end
    return problems


def _classify(text: str, m: re.Match[str]) -> BraceProblem:
    body = m.group("body")
    start, end = m.start("body"), m.end("body")
    braces = body.replace("$", "")
    # The name next to a brace belongs to the construct only on the side the brace faces.
    lead = m.group("lead") if braces[0] == "}" else None
    if lead:
        start = m.start("lead")
    trail = m.group("trail")
    if trail and braces[-1] == "{":
        end = m.end("trail")
    shown = text[start:end]
    where = f" in '{shown}'" if shown != body else ""

    if _EMPTY.search(body):
        message = f"empty placeholder '{shown}': give it a name"
    elif _NESTED.search(body):
        message = f"nested braces in '{shown}': a placeholder cannot contain another"
    elif single := _SINGLE_GROUP.fullmatch(body):
        opened, closed = body[: single.end(1)], single.group(2)
        if len(single.group(1)) != len(closed):
            message = (
                f"mismatched braces in '{shown}': opened with '{opened}' but closed with '{closed}'"
            )
        else:
            message = (
                f"malformed placeholder '{shown}': use ${{name}}, {{{{name}}}} or {{name}} "
                "with a name of letters, digits, '_', '.' or '-'"
            )
    elif "{" not in braces:
        hint = f" (did you mean '${{{lead[1:]}}}'?)" if lead and lead.startswith("$") else ""
        message = f"'}}' without a matching '{{'{where}{hint}"
    elif "}" not in braces:
        message = f"unclosed '{body}'{where}: missing '}}'"
    else:
        message = f"unbalanced braces in '{shown}'"
    return BraceProblem(start, end, message)
