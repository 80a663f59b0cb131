"""The UnMentoring package: every layer of the scheme's program, from its files to GitHub
and the site (docs/development.md: How it is built)."""

__version__ = "1.0.0"
