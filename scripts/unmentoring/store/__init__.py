"""The files on disk: safe YAML, the schemas, every path, and loading a repository."""
