"""The bottom layer: the data every stage passes on (templates, findings), the one error
type, tuning constants, placeholder syntax and the sealed cache files. It imports nothing of
smslint's.
"""
