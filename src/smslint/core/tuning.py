"""Tuning: the numbers that trade speed against memory and change no finding.

Each is imported by the module that uses it, so a test may monkeypatch it there. Limits that
decide what a rule matches (a frame's slots and gaps, the negation reach, a context window)
belong to the rule language and stay with their rule kinds; the report writers' buffer and
cache sizes stay with the writers.
"""

# -- bulk runs: how a run is cut into work and spread over processes -------------------------
AUTO_JOBS_BYTES = 8 << 20  # JSONL bytes from which --jobs auto lints with one process per CPU
CHUNK_BYTES = 1 << 18  # bytes of a JSONL chunk: about 1,300 real SMS
BATCH = 256  # templates per item from other sources
LINT_MANY_BATCH = 256  # messages lint_many lints together
IN_FLIGHT = 3  # items per worker submitted ahead of the one being reported
STASH_BYTES = 1 << 16  # a worker's rendering this big goes back as a file (report.jsondoc.Stashed)
WORKER_CHECK = 0.5  # seconds between looks at the workers while an outcome is awaited
COLLECT_EVERY = 100_000  # templates between the collections a bulk run asks for itself

# -- the screen: one pass over a message that tells which patterns and phrases may occur ------
# Past this many characters a text is searched pattern by pattern: a set's DFA can run out of
# memory on a long text, and RE2::Set then reports no match rather than an error.
SET_MAX_TEXT = 4096
# Documents a pack lints before it builds its screen. An unscreened document tries every
# pattern (about 0.3 ms on a real SMS); building the screen takes 20 ms from the kept
# database (0.2 s the first time): a hook run on a few templates skips it.
SCREEN_AFTER = 100
# RE2 memory for the screen's set: its DFA over a pack's thousand literals outgrows the default
# 8 MB within some thousands of messages, and a DFA that keeps being flushed is slow
SCREEN_MEMORY = 64 << 20
# the literals a pattern requires (literals.required_literals), which the screen looks for
MAX_STRINGS = 256  # more strings than this and the set is dropped (it would match anything)
MAX_CLASS = 16  # a character class of up to this many characters counts as alternatives

# -- memos -------------------------------------------------------------------------------------
# Texts whose identifiers masking keeps: more than a batch of messages (BATCH), because a batch
# is linted (the personal-data rules ask) before its report entries are made (they ask again).
DETECTED_CACHE = 1024
