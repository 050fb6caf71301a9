"""What decides which rules can match a text before any rule looks at it.

The engine builds one :class:`Prefilter` per compiled pack; rule kinds register their words,
patterns and frames through its :class:`CompileContext` and read each document's
:class:`Candidates`. Inside, by job:

- ``phrases``: one automaton over the pack's words, and where they occur (``ListHits``);
- ``patterns``: the rules' RE2 patterns by group, and which match a document;
- ``frames``: which frame rules have a word for every slot of a frame;
- ``screen``: one pass per message telling what may occur, so most messages are cleared;
- ``backends``: Hyperscan and RE2 sets (public APIs only), the screen's kept database;
- ``candidates``: a document's answers; ``compiled``: the entry point and compile context.
"""

from smslint.prefilter.candidates import Candidates
from smslint.prefilter.compiled import CompileContext, Prefilter
from smslint.prefilter.phrases import ListHits, compact_word

__all__ = ["Candidates", "CompileContext", "ListHits", "Prefilter", "compact_word"]
