"""The web UI and HTTP API over a store."""
