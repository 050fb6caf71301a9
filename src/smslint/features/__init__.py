"""Commands built on the engine: fixes, ``inspect`` and ``test`` for pack authors."""
