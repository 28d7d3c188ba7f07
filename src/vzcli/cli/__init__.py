"""The command line: a thin layer over the library (:mod:`vzcli.corpus`).

Importing this registers every command, in the order ``vzcli --help``
lists them: the listings, then the authoring tools.
"""

# isort: off
from . import listings
from . import authoring

# isort: on
from .app import app, build_only, main

__all__ = ["app", "authoring", "build_only", "listings", "main"]
