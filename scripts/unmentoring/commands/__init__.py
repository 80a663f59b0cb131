"""The command line's commands, one module each: parse the arguments, load, decide, apply."""
