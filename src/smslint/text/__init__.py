"""Normalise and tokenise: the views of a text (normalised, compact), segment length, the
regex dialect packs write, the literals a pattern needs and the word segmenter.
"""
