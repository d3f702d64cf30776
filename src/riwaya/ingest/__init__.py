"""Ingest: files, folders, archives, dumps and stdin to raw documents, or recorded failures."""
