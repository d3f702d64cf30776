"""Training code for the shipped models (run from scripts/ and the CLI, never at analysis time)."""
