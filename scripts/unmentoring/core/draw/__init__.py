"""The draw engine's parts, behind ``unmentoring.core.pairing`` (the entry point callers use).

Each module owns one idea, so that the rules (``costs``) stay apart from the algorithms that
optimise them (``cardinality``, ``optimal``) and from the two special cases that make rounds
fast or fair (``dominant``, ``trio``). The algorithms see people only as vertices of a small
``Graph`` (``graph``), so a subset of the people or a merged trio vertex is just another graph.
"""
