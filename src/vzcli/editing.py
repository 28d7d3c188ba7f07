"""Add, change and remove a brief's records without touching its JSON by hand.

Each change is worked out on the brief's value, checked as a whole brief
(schema and integrity, as every query checks it) before anything is
written, and written back with :func:`vzcli.jsonedit.splice`, so the file
keeps its layout and a diff shows only the change.  The spans of a new or
re-cited record are found from the article by its words, and anchored.

Pure functions over texts; the CLI reads and writes the files.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import typing
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from . import authoring
from .anchors import digest, key
from .jsonedit import splice
from .models import COLLECTIONS, Collection, Source, Stat, make_id

KINDS: dict[str, Collection] = {c.singular: c for c in COLLECTIONS.values()}
"""What ``vzcli add`` adds: ``actor``, ``event`` … ``excluded``, each its collection."""

SOURCE = "source"
"""What ``vzcli edit source`` changes: the article's own metadata (its title,
outlet, publication date, dateline …); never its sha256 or length, which
``vzcli reanchor`` keeps."""

_FIXED = ("sha256", "length")

SPAN_FIELDS = ("spans", "span")
"""Fields found from the article (``--at``, ``--quote``, ``--sentence``, ``--span``)."""


class EditError(ValueError):
    """A change that cannot be made as asked: the message says what to do instead."""


class Referred(EditError):
    """A record other records still refer to: removing it would break them."""


@dataclass(frozen=True)
class Field:
    """One field of a kind of record, as the command line gives it."""

    name: str
    many: bool
    """A list (``--participants a --participants b``)."""
    number: bool
    """A number (a figure's value)."""
    mapping: bool
    """A map of field to text (``--inferred date=REASON``)."""
    required: bool
    nullable: bool
    """May be null (``date``): a required one left out is null, "not given by the article"."""
    choices: tuple[str, ...]
    closed: type[StrEnum] | None
    """The closed set its values come from, for words typed as people read them."""
    help: str


def fields(kind: str) -> list[Field]:
    """The fields of ``kind`` in the schema's order, read from its model."""
    item = Source if kind == SOURCE else KINDS[kind].item
    hints = typing.get_type_hints(item, include_extras=True)
    out = []
    for f in dataclasses.fields(item):
        hint = hints[f.name]
        docs = [getattr(m, "text", "") for m in getattr(hint, "__metadata__", ())]
        base = _unwrap(hint)
        args = typing.get_args(base)
        origin = typing.get_origin(base)
        many = origin is list and f.name not in SPAN_FIELDS
        member = _unwrap(args[0]) if many else base
        choices = _choices(member)
        required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        out.append(
            Field(
                name=f.name,
                many=many,
                number=f.name == "value" and item is Stat,
                mapping=origin is dict,
                required=required and f.name not in SPAN_FIELDS,
                nullable=type(None) in typing.get_args(_strip(hint)),
                choices=choices,
                closed=member if isinstance(member, type) and issubclass(member, StrEnum) else None,
                # The outermost words: the field's own, not its type's.
                help=next((d for d in reversed(docs) if d), ""),
            )
        )
    return out


def _strip(hint: object) -> object:
    """``Annotated[X, …]`` -> ``X``."""
    while typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    return hint


def _unwrap(hint: object) -> object:
    """``Annotated[X | None, …]`` -> ``X``."""
    while typing.get_origin(hint) is typing.Annotated:
        hint = typing.get_args(hint)[0]
    args = [a for a in typing.get_args(hint) if a is not type(None)]
    if type(None) in typing.get_args(hint) and len(args) == 1:
        return _unwrap(args[0])
    return hint


def _choices(hint: object) -> tuple[str, ...]:
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return tuple(m.value for m in hint)
    return ()


# --- spans --------------------------------------------------------------------


@dataclass(frozen=True)
class Cite:
    """Where a record's spans are, in the article's own words or numbers."""

    quote: str | None = None
    """A direct quotation's words: its span, and its ``text`` as the article prints it."""
    at: Sequence[str] = ()
    """Words that occur once in the article."""
    sentences: Sequence[int] = ()
    """Sentence numbers, as ``vzcli locate --sentence`` counts them."""
    spans: Sequence[tuple[int, int]] = ()
    """Offsets, as ``vzcli locate`` prints them."""

    def given(self) -> bool:
        return bool(self.quote or self.at or self.sentences or self.spans)


_PAIRS = {
    '"': '"',
    "'": "'",
    "\u201c": "\u201d",
    "\u2018": "\u2019",
    "\u201e": "\u201c",
    "\u00ab": "\u00bb",
}
"""An opening quotation mark and the mark that closes it."""


def _unquoted(words: str) -> str:
    """``words`` without one outer pair of quotation marks, as pasted with them: the
    quotation is what stands between them.  A lone mark stays: an apostrophe
    may end the quotation's last word."""
    words = words.strip()
    if len(words) >= 2 and _PAIRS.get(words[0]) == words[-1]:
        words = words[1:-1].strip()
    if not any(ch.isalnum() for ch in words):
        raise EditError("--quote holds no words: give the quotation's words")
    return words


def find_spans(article: str, cite: Cite) -> list[tuple[int, int]]:
    """The spans ``cite`` names: the quotation's first (a direct quote's ``spans[0]``
    is its words), then the others in the article's order, each once.  Words must
    occur once; folding of quotation marks, dashes and whitespace is forgiven, as
    ``vzcli locate`` forgives it."""
    # Article order, not the order typed: click keeps no order across options,
    # and a brief's spans read best as the article runs.
    first: list[tuple[int, int]] = []
    out: list[tuple[int, int]] = []
    # A quotation's own marks are not part of it: pasted with them, they go.
    quote = _unquoted(cite.quote) if cite.quote is not None else None
    if quote:
        first.append(_once(article, quote))
    for words in cite.at:
        out.append(_once(article, words))
    for number in cite.sentences:
        try:
            found = authoring.sentence_span(article, number)
        except ValueError as exc:
            raise EditError(str(exc)) from None
        out.append((found.start or 0, found.end or 0))
    for start, end in cite.spans:
        if not 0 <= start < end <= len(article):
            raise EditError(
                f"[{start}, {end}] is not a span of the article "
                f"(0 <= start < end <= {len(article)})"
            )
        out.append((start, end))
    return first + sorted(set(out) - set(first))


def _once(article: str, words: str) -> tuple[int, int]:
    found = authoring.locate(article, words)
    if found[0].start is None or found[0].end is None:
        raise EditError(
            f"{words!r} is not in the article; `vzcli locate` finds text, "
            "forgiving only quotation marks, dashes and spacing"
        )
    if len(found) > 1:
        places = ", ".join(f"[{f.start}, {f.end}]" for f in found[:5])
        more = "" if len(found) <= 5 else f" and {len(found) - 5} more"
        raise EditError(
            f"{words!r} occurs {len(found)} times in the article (at {places}{more}): "
            "give more of the words around it, or --span START-END"
        )
    return found[0].start, found[0].end


# --- changes ------------------------------------------------------------------


@dataclass(frozen=True)
class Change:
    """A change worked out and checked: the brief's new text, and what it did."""

    text: str
    record: dict[str, object]
    collection: str
    summary: str


Json = dict[str, object]


def _load(text: str) -> Json:
    value = json.loads(text)
    if not isinstance(value, dict):
        raise EditError("the brief is not a JSON object")
    return value


def _collections(brief: Json) -> Iterator[tuple[str, list[Json]]]:
    for name in COLLECTIONS:
        records = brief.get(name)
        if isinstance(records, list):
            yield name, records


def _find(brief: Json, rec_id: str) -> tuple[str, int, Json]:
    """The record ``rec_id`` names: an id, ``excluded:START-END`` for an exclusion, or
    ``source`` for the source (its index is -1)."""
    source = brief.get(SOURCE)
    if rec_id == SOURCE and isinstance(source, dict):
        return SOURCE, -1, source
    for name, records in _collections(brief):
        for i, rec in enumerate(records):
            if name == "excluded":
                span = rec.get("span")
                if isinstance(span, list) and rec_id == f"excluded:{key(*span)}":
                    return name, i, rec
            elif rec.get("id") == rec_id:
                return name, i, rec
    ids = sorted(str(r.get("id")) for n, rs in _collections(brief) if n != "excluded" for r in rs)
    near = _near(rec_id, ids)
    raise EditError(f"no record has the id {rec_id!r}{near}")


def _near(word: str, known: Sequence[str]) -> str:
    """``" (did you mean 'x'?)"`` for a near miss, else nothing."""
    import difflib

    close = difflib.get_close_matches(word, known, n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close else ""


def add(
    text: str, kind: str, values: Mapping[str, object], cite: Cite, article: str, name: str
) -> Change:
    """``text`` (a valid brief) with a new record of ``kind``: ``values`` by field,
    its spans found by ``cite``.  Raises :class:`EditError` or, when the brief it
    would make is invalid, :class:`vzcli.errors.BriefInvalid` naming every problem."""
    if kind not in KINDS:
        raise EditError(f"{kind!r} is not a kind of record: use {', '.join(KINDS)}")
    collection = KINDS[kind].name
    brief = _load(text)
    record = {k: v for k, v in values.items() if v not in (None, [], {})}
    for f in fields(kind):
        if f.required and f.nullable and f.name not in record:
            record[f.name] = None  # the article gives none
    found = find_spans(article, cite)
    if cite.quote is not None and kind == "quote" and "text" not in record:
        start, end = found[0]
        record["text"] = article[start:end]
    if kind == "excluded":
        if len(found) != 1:
            raise EditError(
                "an exclusion has one span: cite it with one --at, --sentence or --span"
            )
        record["span"] = list(found[0])
        record = {f.name: record[f.name] for f in fields(kind) if f.name in record}
    else:
        if not found:
            raise EditError(
                "a record needs spans: cite it with --at, --quote, --sentence or --span"
            )
        record["spans"] = [list(s) for s in found]
        if "id" not in record and kind == "actor" and isinstance(record.get("name"), str):
            made = make_id(str(record["name"]), "")
            if not made:  # no letter or digit of a-z, 0-9 to keep: "中国"
                raise EditError(f"no id can be made from the name {record['name']!r}: give --id")
            record["id"] = made
        if record.get("id") == SOURCE:
            raise EditError("the id 'source' names the article's metadata: choose another id")
        record = _ordered(kind, record)
    brief.setdefault(collection, [])
    records = brief[collection]
    assert isinstance(records, list)
    records.append(record)
    _anchor(brief, found, article)
    new_text = _checked(text, brief, name)
    label = record.get("id") or f"excluded:{key(*found[0])}"
    return Change(new_text, record, collection, f"added {kind} {label!r}")


def _ordered(kind: str, record: Json) -> Json:
    """The record's fields in the schema's order, unknown ones last (the schema
    names them)."""
    names = [f.name for f in fields(kind)]
    known = {n: record[n] for n in names if n in record}
    return known | {k: v for k, v in record.items() if k not in known}


def edit(
    text: str,
    rec_id: str,
    values: Mapping[str, object],
    unset: Sequence[str],
    cite: Cite,
    article: str | None,
    name: str,
) -> Change:
    """``text`` with the record ``rec_id`` changed: ``values`` replace fields, ``unset``
    removes them, and ``cite`` (when given) replaces its spans."""
    brief = _load(text)
    collection, index, record = _find(brief, rec_id)
    kind = _kind(collection)
    names = {f.name for f in fields(kind)}
    for field in [*values, *unset]:
        if kind == SOURCE and field in _FIXED:
            raise EditError(f"{field} is the article's own: `vzcli reanchor` keeps it")
        if field not in names:
            a = "an" if kind[:1] in "aeiou" else "a"
            raise EditError(f"{a} {kind} has no field {field!r}: it has {', '.join(sorted(names))}")
    new = dict(record)
    nullable = {f.name for f in fields(kind) if f.required and f.nullable}
    for field in unset:
        if field in nullable:  # a key every record has: null says "not given"
            new[field] = None
        else:
            new.pop(field, None)
    new.update(values)
    _drop_stale_reasons(new, record, [*values, *unset])
    cited: list[tuple[int, int]] = []
    if collection == SOURCE and "dateline" in values:
        cited.append(_cite_dateline(new, record, article))
    elif collection == SOURCE and "dateline" in unset:
        _uncite_dateline(new, record, article)
    found: list[tuple[int, int]] = []
    if cite.given():
        if article is None:
            raise EditError("new spans are found in the article: give --source ARTICLE")
        found = find_spans(article, cite)
        if kind == "excluded":
            if len(found) != 1:
                raise EditError("an exclusion has one span: cite it with one --at or --span")
            new["span"] = list(found[0])
        else:
            if kind == "quote" and new.get("kind") == "direct":
                _keep_quotation(new, record, cite, found, article, "text" in values)
            new["spans"] = [list(s) for s in found]
    new = _ordered(kind, new)
    if new == record:
        raise EditError(f"{rec_id!r} already holds those values; nothing to change")
    if collection == SOURCE:
        brief[SOURCE] = new
    else:
        records = brief[collection]
        assert isinstance(records, list)
        records[index] = new
    if found or cited:
        assert article is not None
        _anchor(brief, [*found, *cited], article)
    _drop_unused_anchors(brief, _spans_of(record))
    changed = sorted({*values, *unset, *(["spans"] if found else [])})
    label = rec_id
    if kind == "excluded" and found:  # an exclusion is known by its span
        label = f"{rec_id} (now excluded:{key(*found[0])})"
    return Change(
        _checked(text, brief, name), new, collection, f"changed {', '.join(changed)} of {label!r}"
    )


def _drop_stale_reasons(new: Json, was: Json, changed: Sequence[str]) -> None:
    """A field set or unset anew loses the reason it was inferred by, unless one is
    given with it: the reason was for the old value."""
    reasons = new.get("inferred")
    if not isinstance(reasons, dict) or reasons is not was.get("inferred"):
        return  # a new map came with the change: it says what is inferred now
    kept = {k: v for k, v in reasons.items() if k not in changed}
    if kept:
        new["inferred"] = kept
    else:
        new.pop("inferred", None)


def _keep_quotation(
    new: Json,
    was: Json,
    cite: Cite,
    found: list[tuple[int, int]],
    article: str,
    text_given: bool,
) -> None:
    """A direct quote's ``spans[0]`` is its words: cited anew with ``--quote`` its text
    follows the article; cited anew without, its old ``spans[0]`` stays first."""
    if cite.quote is not None:
        if not text_given:
            start, end = found[0]
            new["text"] = article[start:end]
        return
    spans = was.get("spans")
    if isinstance(spans, list) and spans:
        first = (int(spans[0][0]), int(spans[0][1]))
        rest = [s for s in found if s != first]
        found[:] = [first, *rest]


def _cite_dateline(source: Json, was: Json, article: str | None) -> tuple[int, int]:
    """The source's new dateline as the article prints it, cited in its spans in
    place of the old one's."""
    if article is None:
        raise EditError("a dateline is cited where the article prints it: give --source ARTICLE")
    try:
        start, end = authoring.find_dateline(article, str(source["dateline"]))
    except ValueError as exc:
        raise EditError(str(exc)) from None
    source["dateline"] = article[start:end]
    spans = sorted(_spans_of(source))
    old = was.get("dateline")
    if isinstance(old, str):
        with contextlib.suppress(ValueError):  # an old one never printed: none of it cited
            spans = [s for s in spans if s != authoring.find_dateline(article, old)]
    source["spans"] = [list(s) for s in sorted({*spans, (start, end)})]
    return start, end


def _uncite_dateline(source: Json, was: Json, article: str | None) -> None:
    """The source's spans without the dateline's, when it is unset."""
    old = was.get("dateline")
    if not isinstance(old, str):
        return
    if article is None:
        raise EditError("the dateline's span goes with it: give --source ARTICLE")
    with contextlib.suppress(ValueError):
        span = authoring.find_dateline(article, old)
        source["spans"] = [list(s) for s in sorted(_spans_of(source) - {span})]


def kind_of(text: str, rec_id: str) -> str:
    """What kind of record ``rec_id`` is (``event``, ``excluded``, ``source`` …)."""
    collection, _, _ = _find(_load(text), rec_id)
    return _kind(collection)


def _kind(collection: str) -> str:
    return SOURCE if collection == SOURCE else COLLECTIONS[collection].singular


def record(text: str, rec_id: str) -> Json:
    """The record ``rec_id`` as the brief holds it."""
    return _find(_load(text), rec_id)[2]


def merged_inferred(text: str, rec_id: str, more: Mapping[str, str]) -> dict[str, str]:
    """The record's ``inferred`` map with ``more`` added (a reason given again replaces)."""
    have = record(text, rec_id).get("inferred")
    return {**(have if isinstance(have, dict) else {}), **more}


def remove(text: str, rec_id: str, name: str) -> Change:
    """``text`` without the record ``rec_id``; refused while other records refer to it."""
    brief = _load(text)
    collection, index, record = _find(brief, rec_id)
    if collection == SOURCE:
        raise EditError("a brief keeps its source: edit it, or start another brief with init")
    referring = list(referrers(brief, rec_id))
    if referring:
        shown = ", ".join(f"{c} {i!r} ({f})" for c, i, f in referring[:8])
        more = "" if len(referring) <= 8 else f" and {len(referring) - 8} more"
        raise Referred(
            f"{rec_id!r} is referred to by {shown}{more}: "
            "remove those, or edit them to refer elsewhere, first"
        )
    records = brief[collection]
    assert isinstance(records, list)
    del records[index]
    _drop_unused_anchors(brief, _spans_of(record))
    kind = COLLECTIONS[collection].singular
    return Change(_checked(text, brief, name), record, collection, f"removed {kind} {rec_id!r}")


def referrers(brief: Json, rec_id: str) -> Iterator[tuple[str, str, str]]:
    """``(kind, id, field)`` of every record whose fields name ``rec_id``."""
    for name, records in _collections(brief):
        spec = COLLECTIONS[name]
        for rec in records:
            for ref in spec.refs:
                value = rec.get(ref.field)
                named = value if isinstance(value, list) else [value]
                if rec_id in named:
                    yield spec.singular, str(rec.get("id")), ref.field


# --- anchors and the check ------------------------------------------------------


def _spans_of(record: Json) -> set[tuple[int, int]]:
    spans = record.get("spans")
    if isinstance(spans, list):
        return {(int(s), int(e)) for s, e in spans}
    span = record.get("span")
    if isinstance(span, list):
        return {(int(span[0]), int(span[1]))}
    return set()


def _cited(brief: Json) -> set[tuple[int, int]]:
    """Every span the brief cites: its source's and every record's."""
    source = brief.get("source")
    out = _spans_of(source) if isinstance(source, dict) else set()
    for _, records in _collections(brief):
        for rec in records:
            out |= _spans_of(rec)
    return out


def _anchor(brief: Json, spans: Sequence[tuple[int, int]], article: str) -> None:
    """Anchor ``spans`` (as ``vzcli reanchor`` would), unless they already are."""
    anchors = brief.setdefault("anchors", {})
    assert isinstance(anchors, dict)
    ordered = list(anchors) == sorted(anchors, key=_span_order)
    for start, end in spans:
        anchors.setdefault(key(start, end), digest(article[start:end]))
    if ordered:  # keep the map in the article's order, as init and reanchor write it
        brief["anchors"] = {k: anchors[k] for k in sorted(anchors, key=_span_order)}


def _span_order(span_key: str) -> tuple[int, ...]:
    return tuple(int(n) if n.isdigit() else -1 for n in span_key.split("-"))


def _drop_unused_anchors(brief: Json, were: set[tuple[int, int]]) -> None:
    """Drop the anchors of spans in ``were`` that no record cites any more."""
    anchors = brief.get("anchors")
    if not isinstance(anchors, dict):
        return
    for span in were - _cited(brief):
        anchors.pop(key(*span), None)


def _checked(text: str, brief: Json, name: str) -> str:
    """The brief's new text, once it parses as a valid brief (else BriefInvalid)."""
    from .validate import parse  # pydantic: only when a change is checked

    new_text = splice(text, brief)
    # Named so that no one looks for the problem in the file, which is unchanged.
    parse(f"{name} as changed (not written)", new_text.encode("utf-8"))
    return new_text


__all__ = [
    "KINDS",
    "Change",
    "Cite",
    "EditError",
    "Field",
    "Referred",
    "add",
    "edit",
    "fields",
    "find_spans",
    "referrers",
    "remove",
]
