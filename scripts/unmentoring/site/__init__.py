"""The public site: pages from Markdown and templates, with anonymised statistics and charts."""
