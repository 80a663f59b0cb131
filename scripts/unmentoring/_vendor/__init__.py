"""Code copied from other projects, kept close to its source so that a test can
compare it line by line.
"""
