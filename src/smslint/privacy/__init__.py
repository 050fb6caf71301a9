"""Personal data: the detectors of identifiers (resident ID, bank card, mobile, e-mail) and
the masking every printed string goes through. Only :mod:`smslint.core` lies below it, so every
layer above can mask what it prints.
"""
