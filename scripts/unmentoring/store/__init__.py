"""The files on disk: reading and writing YAML safely, the schemas, where every file lives, and
loading a scheme repository into the model.
"""
