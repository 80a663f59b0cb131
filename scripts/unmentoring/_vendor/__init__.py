"""Code copied from other projects: networkx's maximum-weight matching, kept line for line
as networkx wrote it so that a test can compare the two."""
