"""vzcli: question a verified brief of one news article from the command line."""

__version__ = "0.1.0"
