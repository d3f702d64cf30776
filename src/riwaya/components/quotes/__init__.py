"""The ``quotes`` step: attributions with speaker, cue, content and chain of sources."""
