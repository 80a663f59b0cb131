"""One module per command line command: parse the arguments, load, decide, then apply."""
