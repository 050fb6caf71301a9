"""What decides which rules can match a text before any rule looks at it: phrase and pattern
indexes, the screen and its back-ends. Rule kinds never see it.
"""
