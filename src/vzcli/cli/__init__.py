"""The command line: a thin layer over the library (:mod:`vzcli.corpus`).

Importing this registers every command, in the order ``vzcli --help``
lists them: the listings, the authoring tools, then export.
"""

# isort: off
from . import listings
from . import authoring
from . import anchoring
from . import export

# isort: on
from .app import app, build_only, main

__all__ = ["anchoring", "app", "authoring", "build_only", "export", "listings", "main"]
