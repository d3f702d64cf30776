"""The ``clean`` step: raw document to :class:`~riwaya.model.Article` (boilerplate, tweets, date)."""
