"""Git: one runner for every git command, landing a change on a busy branch, and reading the data
as it was in history.
"""
