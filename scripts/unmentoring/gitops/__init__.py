"""Git: one runner for every git command, landing changes, and the data as it was in history."""
