"""The pure domain: the model, months, organisations, the rules, the draw, statistics, and the
decisions and texts of submissions, comments and issues; no I/O.
"""
