"""Per-article components, one package or module per pipeline step (clean, segment, language,
entities, times, quotes, events). Each registers with :func:`riwaya.pipeline.component`."""
