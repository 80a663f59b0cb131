"""UnMentoring: a randomised coffee trial run from a GitHub repository."""

__version__ = "0.1.0"
