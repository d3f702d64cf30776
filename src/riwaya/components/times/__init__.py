"""riwaya's Arabic/English temporal tagger: detection (rules), resolution (resolve), tagging (tagger)."""

from riwaya.components.times.tagger import Timex, tag

__all__ = ["Timex", "tag"]
