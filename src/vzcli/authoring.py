"""Writing a brief of another article: a valid empty brief to start from, and
the offsets of any text in the article.

Pure functions over the article's text; the CLI reads files and prints.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

from .anchors import digest, key
from .brief import sha256_of
from .models import SCHEMA_VERSION, make_id
from .sentences import split

SCHEMA_FILE = "brief.schema.json"
"""Where ``vzcli init -o`` puts the brief's JSON Schema, beside the brief, for editors."""


def slug(text: str) -> str:
    """An actor id made from a name: ``Rowan Hart`` -> ``rowan-hart`` (``author`` when
    the name has no letter or digit to keep)."""
    return make_id(text, "author")


def new_brief(
    article: str,
    *,
    title: str | None = None,
    author: str | None = None,
    categories: tuple[str, ...] = (),
    schema_url: str = SCHEMA_FILE,
    published: str | None = None,
    dateline: str | None = None,
    outlet: str | None = None,
) -> dict[str, Any]:
    """A valid, empty brief of ``article``: its source filled in, the author an actor.

    The title is the article's first line unless given; the source cites the
    lines that hold the title (and the categories, when the article prints
    them on a line of their own), the dateline when one is given, and a wire
    sign-off line (a dash and an agency's name, or "(Reporting by …)") when the
    article ends with one.
    The author's spans are where the article prints their name, or the title
    when it never does, marked inferred.
    """
    sentences = split(article)
    if not sentences:
        raise ValueError("the article has no text")
    first = sentences[0]
    title = title or first.text
    spans = [[s.start, s.end] for s in sentences if s.text == title] or [[first.start, first.end]]
    lines = _lines(article)
    if categories:  # "Categories: Transport, Local politics" on a line of its own
        spans += [[a, b] for a, b in lines if re.match(r"(?i)categor\w*\s*:", article[a:b])]
    if dateline:
        start, end = find_dateline(article, dateline)
        dateline = article[start:end]  # as printed
        spans.append([start, end])
    if lines and _SIGN_OFF.fullmatch(article[lines[-1][0] : lines[-1][1]]):
        spans.append(list(lines[-1]))
        reporter = _REPORTER.match(article, lines[-1][0])
        author = author or (reporter[1].strip() if reporter else None)
    spans = sorted(map(list, {(a, b) for a, b in spans}))
    actor: dict[str, Any] = {
        "id": slug(author or "author"),
        "name": author or "Unknown author",
        "kind": "author",
        "role": "Author of the article",
        "aliases": ["author"],
    }
    # Where the article names its author: a byline (a line that is just the
    # name) is the place that says who wrote it; else the first mention.
    byline = [[a, b] for a, b in lines if author and article[a:b] == author]
    # Whole words only: "Ann" is not named in "Annual".
    named = (
        [m.start() for m in re.finditer(rf"(?<!\w){re.escape(author)}(?!\w)", article)]
        if author
        else []
    )
    if byline:
        actor["spans"] = byline[:1]
    elif named:
        actor["spans"] = [[named[0], named[0] + len(author or "")]]
    else:
        actor["spans"] = [[first.start, first.end]]
        actor["inferred"] = {"name": "the article does not print its author's name"}
    return {
        "$schema": schema_url,
        "schema_version": SCHEMA_VERSION,
        "source": {
            "title": title,
            "author": actor["name"],
            "categories": list(categories),
            **({"outlet": outlet} if outlet else {}),
            **({"published": published} if published else {}),
            **({"dateline": dateline} if dateline else {}),
            "sha256": sha256_of(article),
            "length": len(article),
            "spans": spans,
        },
        "actors": [actor],
        "events": [],
        "quotes": [],
        "positions": [],
        "claims": [],
        "stats": [],
        "links": [],
        "excluded": [],
        "anchors": {
            key(s, e): digest(article[s:e])
            for s, e in sorted({*map(tuple, spans), *map(tuple, actor["spans"])})
        },
    }


_REPORTER = re.compile(r"\((?:Reporting|Writing) by ([A-Z][^;,()]*)")
"""Who a wire sign-off says reported it: the author, when none is named."""


def find_dateline(article: str, dateline: str) -> tuple[int, int]:
    """Where the article prints ``dateline``: its first occurrence, in any case and
    with any spacing ("Ostravik, March 12" finds "OSTRAVIK,  March 12")."""
    words = [re.escape(w) for w in dateline.split()]
    found = re.search(r"\s+".join(words), article, flags=re.IGNORECASE) if words else None
    if found is None:
        raise ValueError(f"the dateline {dateline!r} is not in the article")
    return found.span()


_SIGN_OFF = re.compile(
    r"[\u2013\u2014-]+ ?[A-Z][A-Za-z]{1,15}"  # a dash (any) and the agency: -IANS, -- AP
    r"|\((?:Reporting|Writing|Editing|Additional reporting)\b[^()]*\)"  # (Reporting by …)
)
"""A wire report's last line that says who filed or edited it."""


def _lines(article: str) -> list[tuple[int, int]]:
    """``[start, end)`` of every line's text, without its surrounding whitespace."""
    # From a line's first visible character to its last (blank lines have none).
    return [m.span() for m in re.finditer(r"[^\s](?:[^\n]*[^\s])?", article)]


# --- locate -----------------------------------------------------------------

CONTEXT = 32
"""Characters of context on each side, as in a W3C Web Annotation TextQuoteSelector."""

# What "folded" matching forgives: the kind of quotation mark or dash, and
# how much whitespace.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u2033": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
    }
)


@dataclass(frozen=True)
class Found:
    """One place a text occurs in the article."""

    text: str
    match: str
    """``exact``, ``folded`` (quotes, dashes or whitespace differ) or ``none``"""
    start: int | None
    end: int | None
    sentence: int | None
    prefix: str
    exact: str
    suffix: str

    def in_context(self, length: int) -> str:
        """The match in brackets between its context, with "…" only where the
        article goes on (``length`` is the article's)."""
        if self.start is None or self.end is None:
            return ""
        before = "…" if self.start - len(self.prefix) > 0 else ""
        after = "…" if self.end + len(self.suffix) < length else ""
        return f"{before}{self.prefix}[{self.exact}]{self.suffix}{after}"

    def as_json(self) -> dict[str, Any]:
        """The JSON shape `vzcli locate --format json` prints."""
        return {
            "text": self.text,
            "match": self.match,
            "span": None if self.start is None else [self.start, self.end],
            "sentence": self.sentence,
            "prefix": self.prefix,
            "exact": self.exact,
            "suffix": self.suffix,
        }


def _folded(text: str) -> tuple[str, list[int]]:
    """``text`` folded, and for each folded character the index it came from."""
    out: list[str] = []
    where: list[int] = []
    for i, ch in enumerate(text):
        space = ch.isspace()
        if space and out and out[-1] == " ":
            continue  # a run of whitespace folds to one space
        out.append(" " if space else ch.translate(_FOLD))
        where.append(i)
    return "".join(out), where


def locate(article: str, text: str) -> list[Found]:
    """Every occurrence of ``text``: exact ones, else ones that match when curly and
    straight quotes, dashes and runs of whitespace are folded; else one ``none``."""
    sentences = split(article)
    starts = [s.start for s in sentences]

    def found(start: int, end: int, match: str) -> Found:
        # By bisection: scanning the sentences for every match was quadratic.
        k = bisect_right(starts, start) - 1
        number = sentences[k].number if k >= 0 and start < sentences[k].end else None
        return Found(
            text,
            match,
            start,
            end,
            number,
            article[max(0, start - CONTEXT) : start],
            article[start:end],
            article[end : end + CONTEXT],
        )

    exact = []
    at = article.find(text) if text else -1
    while at >= 0:
        exact.append(found(at, at + len(text), "exact"))
        at = article.find(text, at + 1)
    if exact:
        return exact
    folded_article, where = _folded(article)
    needle = _folded(text)[0].strip()
    loose = []
    at = folded_article.find(needle) if needle else -1
    while at >= 0:
        last = at + len(needle) - 1
        loose.append(found(where[at], where[last] + 1, "folded"))
        at = folded_article.find(needle, at + 1)
    return loose or [Found(text, "none", None, None, None, "", "", "")]


def sentence_span(article: str, number: int) -> Found:
    """Sentence ``number`` (from 1) under verify's sentence rule."""
    sentences = split(article)
    if not 1 <= number <= len(sentences):
        raise ValueError(f"the article has sentences 1 to {len(sentences)}, not {number}")
    s = sentences[number - 1]
    return Found(
        s.text,
        "sentence",
        s.start,
        s.end,
        s.number,
        article[max(0, s.start - CONTEXT) : s.start],
        s.text,
        article[s.end : s.end + CONTEXT],
    )
