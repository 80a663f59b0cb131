"""The pure domain (model, rules, the draw, statistics, decisions and texts), with no I/O."""
