"""The whole brief as one Markdown document, for ``vzcli report > brief.md``.

Built from the same query functions as the listing commands, so a report
filtered with ``--actor``/``--since``/``--until`` says exactly what those
commands would.  Pictures are Mermaid (a timeline, a chart per series),
which GitHub and most Markdown viewers draw; every table is also there in
text, so nothing depends on the pictures.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from . import __version__, query
from .models import ActorKind, Brief, ClaimKind, PartialDate, Relation
from .query import ClaimRow, Filters, LinkRow, StatRow
from .render import INFERRED_MARK, markdown_table, visible

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


def marked(row: Mapping[str, Any], field: str, text: str) -> str:
    """``text`` with the inferred mark when the row's ``field`` is inferred (see render)."""
    inferred = row.get("inferred") or {}
    if text and (field in inferred or query.SOURCE_FIELD.get(field) in inferred):
        return text + INFERRED_MARK
    return text


def build(brief: Brief, filters: Filters | None = None, *, source_name: str = "") -> str:
    """The report for ``brief`` under ``filters``; raises QueryError like the queries."""
    filters = (filters or Filters()).resolved(brief)  # one pass over the actors, not five
    events = query.events(brief, filters)
    quotes = query.quotes(brief, filters)
    undated = Filters(filters.actors, actor_ids=filters.actor_ids, article=filters.article)
    positions = query.positions(brief, undated)
    claims = _claims(brief, filters)
    stats = query.stats(brief, filters)
    links = query.links(brief, undated)
    disagreements = _disagreements(brief, links)
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
        f"claims: {len(claims)} · figures: {len(stats)} · links: {len(links)}",
        "",
    ]

    out += ["## Timeline", ""]
    if events:
        out += ["```mermaid", "timeline", f"    title {mermaid_text(src.title)}"]
        groups: dict[str, list[str]] = {}
        for e in events:
            label = when(e["date"])
            status = "" if e["status"] == "occurred" else f" ({e['status']})"
            groups.setdefault(label, []).append(mermaid_text(e["title"] + status))
        for label, titles in groups.items():
            out.append(f"    {mermaid_text(label)} : " + " : ".join(titles))
        out += ["```", ""]
        rows = [
            [
                marked(e, "date", when(e["date"])),
                visible(e["title"]),
                marked(e, "place", visible(e["place"] or "")),
                marked(e, "participant_names", visible("; ".join(e["participant_names"]))),
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
                line = f"- {marked(q, 'date', when(q['date']))}, {setting}: "
                if q["kind"] == "direct":
                    line += f"“{inline(q['text'])}”"
                else:
                    line += f"*(reported)* {inline(q['text'])}"
                for other in q["denied_by"]:
                    who, text = texts[other]
                    line += f" — denied by {inline(who)}: “{inline(text)}”"
                out.append(line)
                out += evidence(q)
            out.append("")
    else:
        out += ["No quotes match.", ""]

    out += ["## Positions", ""]
    if positions:
        header, body = query.matrix(positions)
        out += ["Holders (rows) against targets or issues (columns):", ""]
        out.append(markdown_table(header, [[visible(c) for c in row] for row in body]))
        for p in positions:
            out.append(
                f"- **{inline(p['holder_name'])}** {p['stance'].replace('_', ' ')} "
                f"{inline(p['target_name'] or p['issue'] or '')}: {inline(p['summary'])}"
            )
            out += evidence(p)
        out.append("")
    else:
        out += ["No positions match.", ""]

    out += _claims_section(brief, claims)

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

    out += ["## Links between records", ""]
    if links:
        out += [_link_line(link) for link in links]
        out.append("")
    else:
        out += ["No links match.", ""]

    out += ["## Disagreements within a side", ""]
    if disagreements:
        out += [_link_line(link, f"{inline(names[side])}: ") for side, link in disagreements]
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


def _link_line(link: LinkRow, lead: str = "") -> str:
    lag = f" ({inline(link['lag'])})" if link["lag"] else ""
    return (
        f"- {lead}{inline(link['source_label'])} **{link['relation'].replace('_', ' ')}**"
        f"{lag} {inline(link['target_label'])}"
    )


def _claims(brief: Brief, filters: Filters) -> list[ClaimRow]:
    """Claims held by a selected actor or about one (all, without --actor)."""
    rows = query.claims(
        brief,
        Filters(
            since=filters.since,
            until=filters.until,
            strict_window=filters.strict_window,
            article=filters.article,
        ),
    )
    if not filters.actors:
        return rows
    selected = filters.actor_ids or frozenset()
    return [c for c in rows if c["holder"] in selected or not selected.isdisjoint(c["about"])]


_KIND_HEADINGS = {
    ClaimKind.ASSESSMENT: "Assessments",
    ClaimKind.FORECAST: "Forecasts",
    ClaimKind.FACT: "Facts",
    ClaimKind.MOTIVE: "Motives",
    ClaimKind.OUTCOME: "Outcomes",
}


def _claims_section(brief: Brief, claims: Sequence[ClaimRow]) -> list[str]:
    """The author's claims by kind, with certainty and hedge; then others' claims."""
    authors = {a.id for a in brief.actors if a.kind is ActorKind.AUTHOR}
    out = ["## The author's assessment", ""]
    own = [c for c in claims if c["holder"] in authors]
    others = [c for c in claims if c["holder"] not in authors]
    if not own:
        out += ["No claims by the author match.", ""]
    for kind, heading in _KIND_HEADINGS.items():
        of_kind = [c for c in own if c["kind"] == kind]
        if of_kind:
            out += [f"### {heading}", ""]
            for c in of_kind:
                out += [_claim_line(c), *evidence(c)]
            out.append("")
    if others:
        out += ["### Claims of others", ""]
        for c in others:
            out += [f"- {inline(c['holder_name'])}: " + _claim_line(c)[2:], *evidence(c)]
        out.append("")
    return out


def _claim_line(c: ClaimRow) -> str:
    if c["certainty"] == "stated":
        return f"- {inline(c['text'])}"
    hedge = f" (“{inline(c['hedge'])}”)" if c["hedge"] else ""
    return f"- *{c['certainty'].replace('_', ' ')}*{hedge}: {inline(c['text'])}"


def evidence(row: Mapping[str, Any]) -> list[str]:
    """The row's evidence as Markdown quote lines under a list item (none without it)."""
    return [f"  > {inline(passage)}" for passage in row.get("evidence", ())]


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


def _disagreements(brief: Brief, links: Sequence[LinkRow]) -> list[tuple[str, LinkRow]]:
    """Contradictions whose two ends belong to actors of one side, with that side."""
    records = query.index(brief)
    side = {a.id: a.side or a.id for a in brief.actors}
    found = []
    for link in links:
        if link["relation"] != Relation.CONTRADICTS:
            continue
        ends = [
            {side[a] for a in query.actors_of(records[link[end]])} for end in ("source", "target")
        ]
        shared = ends[0] & ends[1]
        if shared:
            found.append((sorted(shared)[0], link))
    return found
