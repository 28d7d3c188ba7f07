"""The whole brief as one Markdown document, for ``vzcli report > brief.md``.

Built from the same query functions as the listing commands, so a report
filtered with ``--actor``/``--since``/``--until`` says exactly what those
commands would.  Pictures are Mermaid (the events on a time axis, a chart
per series), which GitHub and most Markdown viewers draw; every picture's
content is also there as text, so nothing depends on the pictures.

Brief text is inert here: Markdown specials are escaped (see
:func:`vzcli.render.md_inline`) and Mermaid separators are entity codes, so
a brief cannot add a link, an image, HTML or a chart statement.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import cast

from . import __version__
from .dates import PartialDate, Precision
from .grid import matrix
from .listings import (
    BRIEFS,
    CLAIMS,
    CONFLICTS,
    EVENTS,
    LINKS,
    POSITIONS,
    QUOTES,
    STATS,
    actors_of,
)
from .models import Quote
from .pipeline import View
from .render import describe_date, mark, markdown_table, md_inline, readable, visible
from .rows import ClaimRow, EventRow, LinkRow, PositionRow, QuoteRow, StatRow
from .selection import Question, Selection, Window
from .vocab import ActorKind, ClaimKind, QuoteKind, Relation


def inline(text: str) -> str:
    """Brief text made inert inside a Markdown paragraph or list item."""
    return md_inline(text).replace("<br>", " ")


# Mermaid's own entity codes (#35; …): its statements split on : ; and #,
# and its labels are HTML, where & < > and quotes would be read as markup.
_MERMAID_CODES = {
    "#": "#35;",
    ":": "#58;",
    ";": "#59;",
    '"': "#quot;",
    "&": "#38;",
    "<": "#60;",
    ">": "#62;",
}
_MERMAID_SPECIALS = re.compile('[#:;"&<>]')


def mermaid_text(text: str) -> str:
    """Text made inert inside a Mermaid statement: what shows is exactly the text."""
    return _MERMAID_SPECIALS.sub(lambda m: _MERMAID_CODES[m[0]], visible(text).replace("\n", " "))


def table_date(value: str | None) -> str:
    """A date for a table cell, each ISO day first on its line: ``2019-04-30 or
    earlier``, ``2019-01 or later``, ``2019-04-30 to 2019-05-14``.

    Browsers may break a line after any hyphen, and GitHub's Markdown allows
    no way to stop them; a day at the start of a line fits whole in any
    column as wide as a day, so a narrow column wraps after it, not inside
    it, and the days stay plain ASCII, for grep and Ctrl-F.
    """
    if value is None:
        return describe_date(value)
    when = PartialDate.parse(value)
    start, _, end = when.text.partition("/")
    if when.precision is not Precision.RANGE:
        return when.text
    if start == "..":
        return f"{end} or earlier"
    if end == "..":
        return f"{start} or later"
    return f"{start} to {end}"


def evidence(row: EventRow | QuoteRow | PositionRow | ClaimRow) -> list[str]:
    """The row's evidence as Markdown quote lines under a list item (none without it)."""
    return [f"  > {inline(passage)}" for passage in row.get("evidence") or ()]


def build(
    views: Sequence[View], sel: Selection, question: Question, *, source_name: str = ""
) -> str:
    """The report of the briefs under ``sel`` (compiled from ``question``, which the
    report quotes): of one brief, or of a corpus, with its sources, what they
    corroborate and where they disagree."""
    corpus = len(views) > 1
    events = EVENTS.answer(views, sel)
    quotes = QUOTES.answer(views, sel)
    # The article dates no stance and no link: a window would leave none.
    undated = sel._replace(window=Window())
    positions = POSITIONS.answer(views, undated)
    claims = _claims(views, sel)
    stats = STATS.answer(views, sel)
    links = LINKS.answer(views, undated)
    by_id = {view.id: view for view in views}
    disagreements = _disagreements(by_id, links)

    if corpus:
        out: list[str] = [f"# A corpus of {len(views)} briefs", ""]
        out += _sources(views)
    else:
        src = views[0].brief.source
        out = [f"# {inline(src.title)}", ""]
        out.append(
            f"A brief of the article by {inline(src.author)} "
            f"({inline(', '.join(src.categories)) or 'no categories'}); article sha256 "
            f"`{src.sha256[:16]}…`, {src.length:,} characters."
        )
    shown = _filters_text(question)
    if shown:
        out += ["", f"Filtered to {shown}."]
    out += [
        "",
        f"Events: {len(events)} · quotes: {len(quotes)} · positions: {len(positions)} · "
        f"claims: {len(claims)} · figures: {len(stats)} · links: {len(links)}",
        "",
        "A value marked (inferred) is the brief's reading, not the article's statement.",
        "",
    ]
    out += _timeline(events, corpus=corpus)
    out += _quotes(by_id, quotes, corpus=corpus)
    out += _positions(positions)
    out += _claims_section(views, claims)
    out += _figures(stats, corpus=corpus)

    out += ["## Links between records", ""]
    if links:
        out += [_link_line(link, corpus=corpus) for link in links]
        out.append("")
    else:
        out += ["No links match.", ""]

    out += ["## Disagreements within a side", ""]
    if disagreements:
        out += [
            _link_line(link, f"{inline(name)}: ", corpus=corpus) for name, link in disagreements
        ]
        out.append("")
    else:
        out += ["No disagreements match.", ""]
    if corpus:
        out += _corroboration(views, sel)
        out += _conflicts(views, sel)

    out += [
        "---",
        "",
        f"Generated by vzcli {__version__} from "
        f"{inline(source_name or ('the briefs listed above' if corpus else 'the bundled brief'))}. "
        "Every record points at its span of the article; check them with "
        "`vzcli verify --source ARTICLE`.",
    ]
    return "\n".join(out) + "\n"


# --- the timeline ---------------------------------------------------------


def _timeline(events: Sequence[EventRow], *, corpus: bool = False) -> list[str]:
    """The dated events on a time axis (a Mermaid gantt), then every event in a table;
    in a corpus, each with the brief it is from."""
    out = ["## Timeline", ""]
    if not events:
        return [*out, "No events match.", ""]
    dated = [e for e in events if e["date"] is not None]
    if dated:
        out += _gantt(dated, corpus=corpus)
        out += [
            "Each event sits where the article dates it: a diamond on a known day, a bar "
            "across the days a bounded date may mean, and a diamond at the one known end of "
            "a date open at the other (on or before, on or after: its label says which).",
            "",
        ]
    undated = [e for e in events if e["date"] is None]
    if undated:
        titles = "; ".join(inline(e["title"]) for e in undated)
        out += [f"Not on the chart, as the article gives no date: {titles}.", ""]
    rows = [
        [
            mark(e, "date", table_date(e["date"])),
            mark(e, "title", e["title"]),
            mark(e, "place", e["place"] or ""),
            mark(e, "participant_names", "; ".join(e["participant_names"])),
            readable(e["status"]),
            *([e["brief"]] if corpus else []),
        ]
        for e in events
    ]
    header = ["Date", "Event", "Place", "Participants", "Status", *(["Brief"] if corpus else [])]
    out.append(markdown_table(header, rows))
    return out


def _gantt(events: Sequence[EventRow], *, corpus: bool = False) -> list[str]:
    """A Mermaid gantt of dated events, in order of the earliest day each may mean."""
    spans = [PartialDate.parse(e["date"] or "") for e in events]
    known = [d for s in spans for d in (s.earliest, s.latest) if d not in (date.min, date.max)]
    first, last = min(known), max(known)
    pad = max(timedelta(days=7), (last - first) / 10)
    first, last = first - pad, last + pad
    days = (last - first).days
    # Every tick says its year: a chart may cross from one year into the next.
    tick, axis = (
        ("1week", "%d %b %Y")
        if days <= 70
        else ("2week", "%d %b %Y")
        if days <= 200
        else ("1month", "%b %Y")
        if days <= 800
        else ("3month", "%b %Y")
    )
    out = [
        "```mermaid",
        '%%{init: {"theme": "neutral", "gantt": {"barHeight": 18, "fontSize": 12, '
        '"sectionFontSize": 12, "leftPadding": 90, "rightPadding": 20, "topPadding": 40}}}%%',
        "gantt",
        "    dateFormat YYYY-MM-DD",
        f"    axisFormat {axis}",
        f"    tickInterval {tick}",
        "    todayMarker off",
    ]
    paired = list(zip(events, spans, strict=True))
    on_a_day = [(e, s) for e, s in paired if s.precision is Precision.DAY]
    one_end = [(e, s) for e, s in paired if s.open_start or s.open_end]
    bounded = [(e, s) for e, s in paired if (e, s) not in on_a_day and (e, s) not in one_end]
    sections = (
        ("On a known day", on_a_day),
        ("Within bounds", bounded),
        ("Known from one end", one_end),
    )
    for section, group in sections:
        if not group:
            continue
        out.append(f"    section {section}")
        for e, s in group:
            label = mermaid_text(_event_label(e) + (f" · {e['brief']}" if corpus else ""))
            if s.precision is Precision.DAY:
                out.append(f"    {label} :milestone, {s.earliest.isoformat()}, 0d")
            elif s.open_start or s.open_end:
                # Only one end is known: a marker there, never a bar from the chart's
                # edge, which would read as an event that long.
                end_known = s.latest if s.open_start else s.earliest
                out.append(f"    {label} :milestone, {end_known.isoformat()}, 0d")
            else:
                end = s.latest + timedelta(days=1)  # the last day included
                out.append(f"    {label} :active, {s.earliest.isoformat()}, {end.isoformat()}")
    out += ["```", ""]
    return out


def _event_label(e: EventRow) -> str:
    status = "" if e["status"] == "occurred" else f" ({readable(e['status'])})"
    return f"{mark(e, 'title', e['title'])}{status} · {mark(e, 'date', describe_date(e['date']))}"


# --- quotes, positions, claims --------------------------------------------


def _quotes(views: Mapping[str, View], quotes: Sequence[QuoteRow], *, corpus: bool) -> list[str]:
    out = ["## Quotes by speaker", ""]
    if not quotes:
        return [*out, "No quotes match.", ""]
    by_speaker: dict[str, list[QuoteRow]] = {}
    for q in quotes:
        by_speaker.setdefault(q["speaker"], []).append(q)
    # One name per actor, as the actors listing gives it: the earliest source's.
    names: dict[str, str] = {}
    for view in sorted(views.values(), key=lambda v: v.published):
        for actor_id, name in view.names.items():
            names.setdefault(actor_id, name)
    for speaker, said in by_speaker.items():
        out += [f"### {inline(names.get(speaker, said[0]['speaker_name']))}", ""]
        for q in said:
            setting = (
                ""
                if q["setting"] == "unspecified"
                else f", {mark(q, 'setting', readable(q['setting']))}"
            )
            line = f"- {mark(q, 'date', describe_date(q['date']))}{setting}: "
            if q["kind"] == "direct":
                line += f"“{inline(q['text'])}”"
            else:
                line += f"*(reported)* {mark(q, 'text', inline(q['text']))}"
            for other in q["denied_by"]:
                found = views[q["brief"]].resolve(other)
                denial = None if found is None else found[1]
                if found is not None and isinstance(denial, Quote):
                    who, text = found[0].names[denial.speaker], inline(denial.text)
                    # Quotation marks only around the speaker's own words: a paraphrase
                    # in them would pass the brief's words off as the speaker's.
                    words = (
                        f"“{text}”" if denial.kind is QuoteKind.DIRECT else f"*(reported)* {text}"
                    )
                    line += f" — denied by {inline(who)}: {words}"
            if corpus:
                outlet = views[q["brief"]].brief.source.outlet
                line += f" — {inline(outlet) + ', ' if outlet else ''}brief {inline(q['brief'])}"
            out.append(line)
            out += evidence(q)
        out.append("")
    return out


def _positions(positions: Sequence[PositionRow]) -> list[str]:
    out = ["## Positions", ""]
    if not positions:
        return [*out, "No positions match.", ""]
    header, body = matrix(positions)
    grouped = [
        ["" if i and row[0] == body[i - 1][0] else row[0], *row[1:]] for i, row in enumerate(body)
    ]
    out += ["Who stands where, and on what:", ""]
    out.append(markdown_table([h.capitalize() for h in header], grouped))
    for p in positions:
        towards = p["target_name"] or p["issue"] or ""
        about = f": {inline(p['issue'])}" if p["target_name"] and p["issue"] else ""
        holder = mark(p, "holder_name", inline(p["holder_name"]))
        towards = mark(p, "target_name" if p["target_name"] else "issue", inline(towards))
        out.append(
            f"- **{holder} → {towards}** "
            f"({mark(p, 'stance', readable(p['stance']))}{about}). {inline(p['summary'])}"
        )
        out += evidence(p)
    out.append("")
    return out


def _claims(views: Sequence[View], sel: Selection) -> list[ClaimRow]:
    """Claims held by a selected actor or about one (all, without --actor)."""
    rows = CLAIMS.answer(views, sel._replace(actor_ids=None))
    selected = sel.actor_ids
    if selected is None:
        return rows
    return [c for c in rows if c["holder"] in selected or not selected.isdisjoint(c["about"])]


_KIND_HEADINGS = {
    ClaimKind.ASSESSMENT: "Assessments",
    ClaimKind.FORECAST: "Forecasts",
    ClaimKind.FACT: "Facts",
    ClaimKind.MOTIVE: "Motives",
    ClaimKind.OUTCOME: "Outcomes",
}


def _claims_section(views: Sequence[View], claims: Sequence[ClaimRow]) -> list[str]:
    """The author's claims by kind, with certainty and hedge; then others' claims."""
    authors = {a.id for v in views for a in v.brief.actors if a.kind is ActorKind.AUTHOR}
    out = ["## The author's assessment", ""]
    own = [c for c in claims if c["holder"] in authors]
    others = [c for c in claims if c["holder"] not in authors]
    if own:
        out += [
            "Graded claims give the step of the ICD 203 estimative scale and, in quotation "
            "marks, the article's own hedging words; the rest are stated flatly.",
            "",
        ]
    else:
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
            holder = mark(c, "holder_name", inline(c["holder_name"]))
            out += [f"- {holder}: " + _claim_line(c)[2:], *evidence(c)]
        out.append("")
    return out


def _claim_line(c: ClaimRow) -> str:
    text = mark(c, "text", inline(c["text"]))
    if c["certainty"] == "stated":
        return f"- {text}"
    hedge = f" (“{inline(c['hedge'])}”)" if c["hedge"] else ""
    return f"- *{mark(c, 'certainty', readable(c['certainty']))}*{hedge}: {text}"


# --- figures ----------------------------------------------------------------


def _figures(stats: Sequence[StatRow], *, corpus: bool = False) -> list[str]:
    """Every figure in a table (in a corpus, with the brief it is from: two sources
    may give one metric two values), then a chart per series."""
    out = ["## Figures", ""]
    if not stats:
        return [*out, "No figures match.", ""]
    rows = [
        [
            mark(s, "metric", s["metric"]),
            mark(s, "value", f"{s['value']:,}"),
            mark(s, "unit", s["unit"]),
            mark(s, "period", table_date(s["period"])),
            mark(s, "qualifiers", "; ".join(readable(q) for q in s["qualifiers"])),
            mark(s, "producer_name", s["producer_name"] or ""),
            "" if s["change"] is None else f"{s['change']:+,}",
            "" if s["change_pct"] is None else f"{s['change_pct']:+}%",
            *([s["brief"]] if corpus else []),
        ]
        for s in stats
    ]
    header = ["Metric", "Value", "Unit", "Period", "Qualifiers", "By", "Change", "Change %"]
    out.append(markdown_table([*header, *(["Brief"] if corpus else [])], rows))
    return out + _series_charts(stats, corpus=corpus)


_SCALES = ((1e9, "billions"), (1e6, "millions"), (1e3, "thousands"))


def _scale(values: Sequence[float]) -> tuple[float, str]:
    """A divisor that brings the values under a thousand, and its name."""
    top = max(abs(v) for v in values)
    for divisor, name in _SCALES:
        if top >= divisor:
            return divisor, name
    return 1.0, ""


def _nice_ceiling(value: float) -> float:
    """A round number a little above ``value``: 1.2 -> 1.4, 476 -> 530."""
    if value <= 0:
        return 0.0
    target = value * 1.1
    unit = 10.0 ** (math.floor(math.log10(target)) - 1)
    return float(math.ceil(target / unit) * unit)


def _number(value: float) -> str:
    return f"{value:.3f}".rstrip("0").rstrip(".") if value % 1 else str(int(value))


def _series_charts(stats: Sequence[StatRow], *, corpus: bool = False) -> list[str]:
    """A bar chart for each series with two or more points, in period order.

    The value axis starts at zero (a cut axis would make April's output look
    like almost nothing), values are shown in thousands or millions so the
    ticks read without separators, and the bars have a colour that shows.
    A series id is a brief's own: in a corpus, each brief's series is its own
    chart, titled with the brief.
    """
    series: dict[tuple[str, str], list[StatRow]] = {}
    for s in stats:
        if s["series"]:
            series.setdefault((s["brief"], s["series"]), []).append(s)
    out: list[str] = []
    for (brief, _), points in series.items():
        if len(points) < 2:
            continue
        first = points[0]
        title = first["metric"] + (f" — brief {brief}" if corpus else "")
        values = [float(p["value"]) for p in points]
        divisor, scale = _scale(values)
        scaled = [v / divisor for v in values]
        low = min(0.0, -_nice_ceiling(-min(scaled)))
        high = max(0.0, _nice_ceiling(max(scaled)))
        unit = first["unit"] + (f" ({scale})" if scale else "")
        labels = ", ".join(f'"{mermaid_text(describe_date(p["period"]))}"' for p in points)
        out += [
            "```mermaid",
            '%%{init: {"theme": "base", "xyChart": {"height": 320}, "themeVariables": '
            '{"xyChart": {"plotColorPalette": "#1f6feb"}}}}%%',
            "xychart-beta",
            f'    title "{mermaid_text(title)}"',
            f"    x-axis [{labels}]",
            f'    y-axis "{mermaid_text(unit)}" {_number(low)} --> {_number(high)}',
            f"    bar [{', '.join(_number(v) for v in scaled)}]",
            "```",
            "",
        ]
    return out


# --- links --------------------------------------------------------------


def _link_line(link: LinkRow, lead: str = "", *, corpus: bool = False) -> str:
    lag = f" (after {inline(link['lag'])})" if link["lag"] else ""
    source = mark(link, "source_label", inline(link["source_label"]))
    target = mark(link, "target_label", inline(link["target_label"]))
    where = f" — brief {inline(link['brief'])}" if corpus else ""
    return f"- {lead}{source} **{readable(link['relation'])}** {target}{lag}{where}"


def _filters_text(question: Question) -> str:
    parts = []
    if question.actors:
        parts.append("actors " + ", ".join(inline(a) for a in question.actors))
    if question.since:
        parts.append(f"on or after {inline(question.since)}")
    if question.until:
        parts.append(f"on or before {inline(question.until)}")
    if question.strict_window:
        parts.append("only what surely falls in that window")
    elif question.undated and (question.since or question.until):
        parts.append("and what the article does not date")
    return "; ".join(parts)


def _disagreements(
    views: Mapping[str, View], links: Sequence[LinkRow]
) -> list[tuple[str, LinkRow]]:
    """Contradictions whose two ends belong to actors of one side, with that side's name."""
    side = {a.id: a.side or a.id for v in views.values() for a in v.brief.actors}
    # The oldest source's name for each actor: later briefs first, overwritten by earlier.
    older = sorted(views.values(), key=lambda v: v.published, reverse=True)
    names = {a.id: a.name for v in older for a in v.brief.actors}
    found = []
    for link in links:
        if link["relation"] != Relation.CONTRADICTS:
            continue
        home = views[link["brief"]]
        ends = [home.resolve(link["source"]), home.resolve(link["target"])]
        sides = [{side[a] for a in actors_of(end[1])} for end in ends if end is not None]
        shared = sides[0] & sides[1] if len(sides) == 2 else set()
        if shared:
            found.append((names[sorted(shared)[0]], link))
    return found


# --- a corpus: its sources, what they corroborate, where they disagree ----------


def _sources(views: Sequence[View]) -> list[str]:
    """The briefs, oldest publication first."""
    rows = [
        [
            mark(row, "published", table_date(row["published"])),
            row["outlet"] or "",
            row["title"],
            row["author"],
            row["brief"],
        ]
        for row in BRIEFS.answer(views, Selection())
    ]
    table = markdown_table(["Published", "Outlet", "Title", "Author", "Brief"], rows)
    return ["## Sources", "", table.rstrip("\n")]


def _corroboration(views: Sequence[View], sel: Selection) -> list[str]:
    """What more than one brief holds: events and quotations, with their sources."""
    out = ["## Corroboration", ""]
    lines = []
    for event in EVENTS.answer(views, sel, merged=True):
        lines += _corroborated(event, event["title"], "event")
    for quote in QUOTES.answer(views, sel, merged=True):
        lines += _corroborated(quote, f"{quote['speaker_name']}: “{quote['text']}”", "quote")
    if not lines:
        return [*out, "No event or quotation matches in more than one brief.", ""]
    intro = "What more than one brief reports, with the briefs that do, oldest first:"
    return [*out, intro, "", *lines, ""]


def _corroborated(row: EventRow | QuoteRow, said: str, what: str) -> list[str]:
    # A merged row (rows.MergedEventRow, MergedQuoteRow) has its sources.
    sources = cast("list[str]", cast("dict[str, object]", row)["sources"])
    if len(sources) < 2:
        return []
    return [f"- {inline(said)} ({what}; {len(sources)} sources: {inline(', '.join(sources))})"]


def _conflicts(views: Sequence[View], sel: Selection) -> list[str]:
    """Where the briefs disagree about one thing."""
    out = ["## Where the sources disagree", ""]
    rows = CONFLICTS.answer(views, sel._replace(window=Window()))
    if not rows:
        return [*out, "No disagreement between briefs matches.", ""]
    for c in rows:
        out.append(
            f"- **{readable(c['kind'])}** of {inline(c['subject'])}: {inline(c['value_a'])} "
            f"({inline(c['brief_a'])}) against {inline(c['value_b'])} ({inline(c['brief_b'])})"
        )
    return [*out, ""]
