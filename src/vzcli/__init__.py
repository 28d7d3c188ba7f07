"""vzcli: question verified briefs of news articles, from the command line or from Python.

The library is what the CLI calls::

    import vzcli

    corpus = vzcli.open()  # the bundled brief (or a path, and source=ARTICLE)
    for row in corpus.quotes(vzcli.Question(actors="Lavrov")):
        print(row["date"], row["text"])

See :mod:`vzcli.corpus`.  The names below are imported when first used, so
that the command line, which imports this package first, pays nothing for
them.
"""

# Not `from typing import TYPE_CHECKING`: this file is the first of vzcli's to
# run, and importing typing here would be work outside the guard that turns
# Ctrl-C into exit 130 (see vzcli.launch).  mypy reads the name as typing's.
TYPE_CHECKING = False

__version__ = "0.1.0"

if TYPE_CHECKING:
    from .corpus import Corpus, open, render_rows
    from .errors import BriefError, QueryError
    from .pipeline import Order
    from .selection import Question

__all__ = ["BriefError", "Corpus", "Order", "QueryError", "Question", "open", "render_rows"]

_HOME = {
    "Corpus": "corpus",
    "open": "corpus",
    "render_rows": "corpus",
    "BriefError": "errors",
    "QueryError": "errors",
    "Order": "pipeline",
    "Question": "selection",
}


def __getattr__(name: str) -> object:
    if name not in _HOME:
        raise AttributeError(f"module 'vzcli' has no attribute {name!r}")
    from importlib import import_module

    return getattr(import_module(f".{_HOME[name]}", __name__), name)
