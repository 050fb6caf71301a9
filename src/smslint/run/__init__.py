"""Running many templates: configuration, the gate (what fails a run), the worker pool and
progress.
"""
