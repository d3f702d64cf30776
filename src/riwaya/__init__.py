"""riwaya: a sourced, comparable record of an unfolding story from many news articles."""

from riwaya.analysis import analyze, export, load, show
from riwaya.model import Article, Published, Span
from riwaya.pipeline import Pipeline, component

__all__ = ["Article", "Pipeline", "Published", "Span", "analyze", "component", "export", "load", "show"]
__version__ = "0.1.0"
