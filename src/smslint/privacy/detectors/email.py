"""Personal e-mail addresses.

A notice may print the institution's own address (a pack allow-lists its domains) or a role
mailbox such as `service@` or `kefu@`; neither identifies the customer. Any other address does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

from smslint.privacy.detectors.base import Detector, Hit, register

# The local part may not continue an ASCII word to the left: in `邮箱zhang@qq.com` it starts at
# `z`, but in `abc.zhang@…` the whole `abc.zhang` is the local part. Nor may it follow a `*`:
# `c***g@126.com` is already masked.
_EMAIL = re.compile(
    r"(?<![A-Za-z0-9._%+\-*])"
    r"(?P<local>[A-Za-z0-9](?:[A-Za-z0-9._%+\-]{0,63}))"
    r"[@＠]"
    r"(?P<domain>(?:[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24})"
    r"(?![A-Za-z0-9\-])"
)
# Mailboxes that belong to a function, not a person.
_ROLES = frozenset(
    {
        "service", "services", "kefu", "support", "help", "info", "noreply", "no-reply",
        "donotreply", "do-not-reply", "admin", "postmaster", "webmaster", "contact", "cs",
        "customerservice", "feedback", "complaint", "complaints", "tousu"
    }
)  # fmt: skip


@register
class Email(Detector):
    name = "email"
    label = "电子邮箱 (e-mail address)"
    priority = 3
    trigger = "[@＠]"

    def find(self, text: str, wary: bool = False) -> Iterator[Hit]:
        for m in _EMAIL.finditer(text):
            if m.group("local").lower() in _ROLES:
                continue
            yield self.hit(m.start(), m.end(), self.normalise(m.group()))

    def validate(self, value: str) -> bool:
        return _EMAIL.fullmatch(value.strip()) is not None

    def normalise(self, value: str) -> str:
        return value.strip().replace("＠", "@").lower()

    def allows(self, hit: Hit, entries: Iterable[str]) -> bool:
        """Entries are domains; each also covers its subdomains (`cs.citicbank.com`)."""
        domain = hit.value.rpartition("@")[2]
        for entry in entries:
            allowed = entry.strip().lstrip("@").lower()
            if domain == allowed or domain.endswith("." + allowed):
                return True
        return False
