"""The ``events`` step: typed events with arguments, triggered by cue words."""
