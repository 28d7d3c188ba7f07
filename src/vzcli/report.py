"""The whole brief as one Markdown document, for ``vzcli report > brief.md``.

Built from the same query functions as the listing commands, so a report
filtered with ``--actor``/``--since``/``--until`` says exactly what those
commands would.  Pictures are Mermaid (a timeline, a chart per series),
which GitHub and most Markdown viewers draw; every table is also there in
text, so nothing depends on the pictures.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from . import __version__, query
from .models import Brief, Disagreement, PartialDate
from .query import Filters, StatRow
from .render import markdown_table, visible

_INLINE_SPECIALS = re.compile(r"([\\`*_\[\]<>|#])")


def inline(text: str) -> str:
    """Brief text made safe inside a Markdown paragraph or list item."""
    return _INLINE_SPECIALS.sub(r"\\\1", visible(text)).replace("\n", " ")


_MERMAID_CODES = {"#": "#35;", ":": "#58;", ";": "#59;", '"': "#quot;"}
_MERMAID_SPECIALS = re.compile('[#:;"]')


def mermaid_text(text: str) -> str:
    """Text made safe inside a Mermaid statement (entity codes for its separators)."""
    return _MERMAID_SPECIALS.sub(lambda m: _MERMAID_CODES[m[0]], visible(text).replace("\n", " "))


def when(value: str | None) -> str:
    return PartialDate.parse(value).describe() if value else "date unknown"


def build(brief: Brief, filters: Filters | None = None, *, source_name: str = "") -> str:
    """The report for ``brief`` under ``filters``; raises QueryError like the queries."""
    filters = (filters or Filters()).resolved(brief)  # one pass over the actors, not five
    events = query.events(brief, filters)
    quotes = query.quotes(brief, filters)
    positions = query.positions(brief, Filters(filters.actors, actor_ids=filters.actor_ids))
    stats = query.stats(brief, filters)
    disagreements = _disagreements(brief, filters)
    names = {a.id: a.name for a in brief.actors}
    src = brief.source

    out: list[str] = [f"# {inline(src.title)}", ""]
    out.append(
        f"A brief of the article by {inline(src.author)} "
        f"({inline(', '.join(src.categories)) or 'no categories'}); article sha256 "
        f"`{src.sha256[:16]}…`, {src.length:,} characters."
    )
    shown = _filters_text(filters)
    if shown:
        out += ["", f"Filtered to {shown}."]
    out += [
        "",
        f"Events: {len(events)} · quotes: {len(quotes)} · positions: {len(positions)} · "
        f"figures: {len(stats)} · disagreements within a side: {len(disagreements)}",
        "",
    ]

    out += ["## Timeline", ""]
    if events:
        out += ["```mermaid", "timeline", f"    title {mermaid_text(src.title)}"]
        groups: dict[str, list[str]] = {}
        for e in events:
            label = when(e["date"])
            status = " (failed)" if e["status"] == "failed" else ""
            groups.setdefault(label, []).append(mermaid_text(e["title"] + status))
        for label, titles in groups.items():
            out.append(f"    {mermaid_text(label)} : " + " : ".join(titles))
        out += ["```", ""]
        rows = [
            [
                when(e["date"]),
                visible(e["title"]),
                visible(e["place"] or ""),
                visible("; ".join(names[p] for p in e["participants"])),
                e["status"],
            ]
            for e in events
        ]
        out.append(markdown_table(["date", "event", "place", "participants", "status"], rows))
    else:
        out += ["No events match.", ""]

    out += ["## Quotes by speaker", ""]
    if quotes:
        by_speaker: dict[str, list[query.QuoteRow]] = {}
        for q in quotes:
            by_speaker.setdefault(q["speaker_name"], []).append(q)
        texts = {q.id: (names[q.speaker], q.text) for q in brief.quotes}
        for speaker, said in by_speaker.items():
            out += [f"### {inline(speaker)}", ""]
            for q in said:
                setting = q["setting"].replace("_", " ")
                line = f"- {when(q['date'])}, {setting}: "
                if q["kind"] == "direct":
                    line += f"“{inline(q['text'])}”"
                else:
                    line += f"*(reported)* {inline(q['text'])}"
                for other in q["denied_by"]:
                    who, text = texts[other]
                    line += f" — denied by {inline(who)}: “{inline(text)}”"
                out.append(line)
            out.append("")
    else:
        out += ["No quotes match.", ""]

    out += ["## Positions", ""]
    if positions:
        header, body = query.matrix(positions)
        out += ["Holders (rows) against targets or issues (columns):", ""]
        out.append(markdown_table(header, [[visible(c) for c in row] for row in body]))
        out += [
            f"- **{inline(p['holder_name'])}** {p['stance'].replace('_', ' ')} "
            f"{inline(p['target_name'] or p['issue'] or '')}: {inline(p['summary'])}"
            for p in positions
        ]
        out.append("")
    else:
        out += ["No positions match.", ""]

    out += ["## Figures", ""]
    if stats:
        rows = [
            [
                visible(s["metric"]),
                f"{s['value']:,}",
                visible(s["unit"]),
                when(s["period"]),
                "; ".join(q.replace("_", " ") for q in s["qualifiers"]),
                visible(names.get(s["producer"] or "", "")),
                "" if s["change"] is None else f"{s['change']:+,}",
                "" if s["change_pct"] is None else f"{s['change_pct']:+}%",
            ]
            for s in stats
        ]
        out.append(
            markdown_table(
                ["metric", "value", "unit", "period", "qualifiers", "by", "change", "change %"],
                rows,
            )
        )
        out += _series_charts(stats)
    else:
        out += ["No figures match.", ""]

    out += ["## Disagreements within a side", ""]
    if disagreements:
        quote_text = {q.id: (names[q.speaker], q.text, q.kind) for q in brief.quotes}
        for d in disagreements:
            members = ", ".join(names[a] for a in d.actors)
            out += [f"### {inline(d.topic)} ({inline(names[d.side])}: {inline(members)})", ""]
            out += [inline(d.summary), ""]
            for qid in d.quotes:
                who, text, kind = quote_text[qid]
                shown_text = (
                    f"“{inline(text)}”" if kind == "direct" else f"*(reported)* {inline(text)}"
                )
                out.append(f"- {inline(who)}: {shown_text}")
            out.append("")
    else:
        out += ["No disagreements match.", ""]

    out += [
        "---",
        "",
        f"Generated by vzcli {__version__} from {inline(source_name or 'the bundled brief')}. "
        "Every record points at its span of the article; check them with "
        "`vzcli verify --source ARTICLE`.",
    ]
    return "\n".join(out) + "\n"


def _filters_text(filters: Filters) -> str:
    parts = []
    if filters.actors:
        parts.append("actors " + ", ".join(inline(a) for a in filters.actors))
    if filters.since:
        parts.append(f"on or after {inline(filters.since)}")
    if filters.until:
        parts.append(f"on or before {inline(filters.until)}")
    return "; ".join(parts)


def _series_charts(stats: Sequence[StatRow]) -> list[str]:
    """A Mermaid chart for each series with two or more points, in period order."""
    series: dict[str, list[StatRow]] = {}
    for s in stats:
        if s["series"]:
            series.setdefault(s["series"], []).append(s)
    out: list[str] = []
    for points in series.values():
        if len(points) < 2:
            continue
        first = points[0]
        labels = ", ".join(f'"{mermaid_text(when(p["period"]))}"' for p in points)
        values = ", ".join(str(p["value"]) for p in points)
        out += [
            "```mermaid",
            "xychart-beta",
            f'    title "{mermaid_text(first["metric"])}"',
            f"    x-axis [{labels}]",
            f'    y-axis "{mermaid_text(first["unit"])}"',
            f"    bar [{values}]",
            f"    line [{values}]",
            "```",
            "",
        ]
    return out


def _disagreements(brief: Brief, filters: Filters) -> list[Disagreement]:
    """Disagreements involving a selected actor (all, without --actor).

    They carry no date of their own, so --since/--until leave them be.
    """
    if not filters.actors:
        return list(brief.disagreements)
    selected = filters.resolved(brief).actor_ids or frozenset()
    return [d for d in brief.disagreements if selected & {d.side, *d.actors}]
