"""A Typer app with the options of ``vzcli quotes`` that does no work.

The start-up benchmark runs it to show what running a Typer app costs on top
of importing typer and pydantic (the import floor), before vzcli does anything.
"""

from typing import Annotated

import typer

app = typer.Typer(rich_markup_mode=None)


@app.command()
def quotes(
    data: Annotated[str | None, typer.Option("--data")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f")] = "table",
    actor: Annotated[list[str] | None, typer.Option("--actor", "-a")] = None,
    since: Annotated[str | None, typer.Option("--since")] = None,
    until: Annotated[str | None, typer.Option("--until")] = None,
    search: Annotated[str | None, typer.Option("--search", "-s")] = None,
    sort: Annotated[str | None, typer.Option("--sort")] = None,
    reverse: Annotated[bool, typer.Option("--reverse", "-r")] = False,
    limit: Annotated[int | None, typer.Option("--limit", "-n", min=0)] = None,
    fields: Annotated[str | None, typer.Option("--fields")] = None,
    no_headers: Annotated[bool, typer.Option("--no-headers")] = False,
    exit_status: Annotated[bool, typer.Option("--exit-status", "-e")] = False,
) -> None:
    """Print an empty result."""
    print("[]")


@app.command()
def other() -> None:
    """A second command, so that the app is a group as vzcli is."""


if __name__ == "__main__":
    app()
