"""``vzcli reanchor``: a brief's spans moved onto an edited article, found again by
the digests of their text (:mod:`vzcli.anchors`)."""

from __future__ import annotations

from typing import Annotated

import typer

from .app import command, errors
from .output import say


@command()
def reanchor(
    data: Annotated[
        str,
        typer.Option(
            "--data",
            metavar="BRIEF",
            help="The brief file to move onto the article (written back in place).",
            show_default=False,
        ),
    ],
    source: Annotated[
        str,
        typer.Option(
            "--source",
            metavar="ARTICLE",
            help="The article as it is now: edited since the brief was made, or the same.",
            show_default=False,
        ),
    ],
) -> None:
    """Move a brief's spans onto an edited article, as annotation tools re-anchor.

    Every span is found again by the digest of the text it was anchored to
    (the brief's "anchors"), nearest its old place shifted as the spans
    before it shifted.  Only when every span is placed is the brief written
    back, whole or not at all, with the article's new sha256 and length and
    fresh anchors; otherwise the spans that could not be placed are listed
    and nothing changes.  Given the brief's own article, it anchors the spans
    added by hand since.

    Exit status: 0 written (or nothing to change); 1 a span could not be
    placed (nothing written); 65 the file is the article in other bytes
    (line ends, Unicode normalisation): restore it rather than re-anchor;
    74 the brief cannot be written.

    Examples:

      vzcli reanchor --data my-brief.json --source edited-article.txt

      vzcli reanchor --data my-brief.json --source article.txt
    """
    import json
    from pathlib import Path

    from .. import anchors, atomic
    from ..brief import decode, read_article, read_bytes, sha256_of
    from ..errors import CannotWrite, WrongArticle
    from ..jsontext import pretty_json
    from ..validate import parse
    from ..variants import describe, same_article

    with errors():
        name, raw = read_bytes(data)
        brief = parse(name, raw)
        article = read_article(source)
        copy = same_article(article, brief.source.sha256, brief.source.length)
        if copy is not None:
            _, ways = copy
            raise WrongArticle(
                source,
                [
                    f"{describe('it', ways, source)}: that is not an edit, and re-anchoring "
                    "would only move the brief onto other bytes; restore the article's own instead"
                ],
            )
        moved = anchors.reanchor(brief, article)
        if moved.lost:
            lines = [
                f"{who}: [{start}, {end}] is not in {source} any more"
                for who, start, end in moved.lost
            ]
            for line in lines[:20]:
                say(f"vzcli: {line}")
            if len(lines) > 20:
                say(f"vzcli: … and {len(lines) - 20} more")
            say(
                f"vzcli: could not place {len(lines)} of the brief's spans; {data} is unchanged "
                "(mend the article, or re-cite those records by hand and run reanchor again)"
            )
            raise typer.Exit(1)
        text = decode(name, raw)
        updated = pretty_json(anchors.rewrite(json.loads(text), moved.places, article))
        shifted = sum(1 for old, new in moved.places.items() if old != new)
        if updated == text:
            say(f"{data}: every span is where its text is; nothing to change")
            return
        try:
            atomic.write_text(Path(data), updated, force=True)
        except OSError as exc:
            raise CannotWrite(data, [f"cannot write it: {exc.strerror or exc}"]) from None
        if shifted:
            say(
                f"wrote {data}: {shifted} of {len(moved.places)} spans moved onto the article "
                f"(sha256 {sha256_of(article)[:12]}…, {len(article)} characters)"
            )
        else:
            added = sum(1 for s, e in moved.places if anchors.key(s, e) not in brief.anchors)
            say(f"wrote {data}: {added} of {len(moved.places)} spans anchored; none moved")
