"""Check: a document's views, the rule kinds (:mod:`smslint.engine.checks`), the element
recognisers, suppressions and the linter that runs a pack's rules over a template.
"""
