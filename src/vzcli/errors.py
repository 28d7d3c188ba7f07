"""The failures vzcli knows, each with what the user is told and its exit status.

The library raises these and never prints or exits; the CLI turns each into
its lines on stderr and its documented exit status.
"""

MAX_PROBLEMS = 20
"""Problems listed before the rest are summarised as "… and N more"."""

MAX_LINE = 2000
"""Characters of one problem shown: a brief's value quoted whole could make a line of
megabytes."""


def cut(line: str, limit: int = MAX_LINE) -> str:
    """``line``, cut to ``limit`` characters with an ellipsis and how much was left out."""
    if len(line) <= limit:
        return line
    return f"{line[:limit]}… ({len(line) - limit:,} more characters)"


class BriefError(Exception):
    """A brief (or an article) could not be used; ``problems`` are the lines to show."""

    exit_code = 65

    def __init__(self, name: str, problems: list[str]) -> None:
        super().__init__(name, problems)
        self.name = name
        self.problems = problems

    def lines(self, limit: int = MAX_PROBLEMS) -> list[str]:
        """One line per problem, each naming the file, capped at ``limit``."""
        shown = [cut(f"{self.name}: {p}") for p in self.problems[:limit]]
        if len(self.problems) > limit:
            shown.append(f"{self.name}: … and {len(self.problems) - limit} more")
        return shown


class BriefUnreadable(BriefError):
    """The file could not be read at all (missing, a folder, no permission)."""

    exit_code = 66


class BriefInvalid(BriefError):
    """The brief was read but is not a valid brief."""


class WrongArticle(BriefError):
    """The article given with ``--source`` is not the one the brief describes."""


class QueryError(ValueError):
    """A question the briefs cannot answer: an unknown actor, a bad date, a bad field …

    A usage error: the CLI exits 2.
    """


class CannotWrite(BriefError):
    """A file vzcli was asked to write could not be written (its path, and why)."""

    exit_code = 74


class TargetExists(CannotWrite):
    """The file or folder to write exists, and replacing it was not asked for."""

    exit_code = 73


class Unavailable(BriefError):
    """What the command needs is not installed (an optional extra)."""

    exit_code = 69
