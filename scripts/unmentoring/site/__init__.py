"""The public site: pages rendered from Markdown and templates, with anonymised statistics and
charts.
"""
