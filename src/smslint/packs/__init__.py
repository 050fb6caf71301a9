"""Rule packs as data: loading and validating YAML packs with positions, their ``extends``
chains, named word lists, and which rules a run selects.
"""
