"""The embedded SQLite store: articles, span layers, failures, corpus results, text search."""
