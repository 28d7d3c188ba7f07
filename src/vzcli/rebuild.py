"""Records rebuilt from JSON that was validated before, without pydantic.

A brief whose validation is certified (see :mod:`vzcli.cache`) is built
straight from its parsed JSON: only the types pydantic would have made
(dates, enums, span tuples) are converted, and the dataclasses fill in their
defaults.  The JSON was validated, so nothing is checked again.

Everything here sits at the JSON edge: values arrive as whatever
``json.loads`` made of the file, which only the earlier validation vouches
for, so they are typed ``Any``.
"""

import types
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import fields
from enum import StrEnum
from operator import attrgetter
from typing import (
    Any,
    Generic,
    TypeVar,
    Union,
    cast,
    get_args,
    get_origin,
    get_type_hints,
    overload,
)

from .dates import PartialDate
from .models import COLLECTIONS, Brief, Source
from .parsing import loads as _parse

R = TypeVar("R")

Convert = Callable[[Any], Any]
"""Turns one validated JSON value into the type a record field holds."""


def _converter(hint: Any) -> Convert | None:
    """How to turn a JSON value into ``hint``'s type, or None when it already is.

    ``hint`` is a field's type as ``get_type_hints`` gives it: any typing form.
    """
    origin, args = get_origin(hint), get_args(hint)
    if hint is PartialDate:
        return PartialDate.parse
    if isinstance(hint, type) and issubclass(hint, StrEnum):
        return hint
    if origin in (Union, types.UnionType):
        options = [a for a in args if a is not type(None)]
        inner = _converter(options[0]) if len(options) == 1 else None
        if inner is None:
            return None
        return lambda v: None if v is None else inner(v)
    if origin is list:
        item = _converter(args[0])
        return None if item is None else (lambda v: [item(x) for x in v])
    if origin is tuple:
        return tuple
    # No record field holds another record (the source is built by
    # build_brief itself), so there is no nested-dataclass case here.
    return None


_PLANS: dict[type, list[tuple[str, Convert]]] = {}


def build_record(cls: type[R], data: Mapping[str, Any]) -> R:
    """One record of ``cls`` from its (validated) JSON object."""
    plan = _PLANS.get(cls)
    if plan is None:
        hints = get_type_hints(cls)
        found = [(f.name, _converter(hints[f.name])) for f in fields(cast(Any, cls))]
        plan = _PLANS[cls] = [(name, conv) for name, conv in found if conv is not None]
    values = dict(data)
    for name, convert in plan:
        if name in values:
            values[name] = convert(values[name])
    return cls(**values)


class LazyRecords(Sequence[R], Generic[R]):
    """A collection kept as JSON objects and built into records when read.

    A query that filters on one field (``where``) builds only the records
    that pass, so asking for Lavrov's quotes among a hundred thousand builds
    a few thousand objects, not all of them.
    """

    def __init__(self, cls: type[R], raw: list[Mapping[str, Any]]) -> None:
        self._cls = cls
        self._raw = raw
        self._built: list[R] | None = None

    def _all(self) -> list[R]:
        if self._built is None:
            self._built = [build_record(self._cls, d) for d in self._raw]
        return self._built

    def __len__(self) -> int:
        return len(self._raw)

    @overload
    def __getitem__(self, index: int) -> R: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[R]: ...
    def __getitem__(self, index: int | slice) -> R | Sequence[R]:
        return self._all()[index]

    def __iter__(self) -> Iterator[R]:
        return iter(self._all())

    @property
    def raw(self) -> list[Mapping[str, Any]]:
        """The records as their JSON objects, unbuilt."""
        return self._raw

    def where(self, field: str, values: set[str] | frozenset[str]) -> list[R]:
        """The records whose ``field`` is one of ``values``, building only those."""
        if self._built is not None:
            return [r for r in self._built if getattr(r, field) in values]
        return [build_record(self._cls, d) for d in self._raw if d.get(field) in values]


class SlicedRecords(LazyRecords[R]):
    """A collection read from its span of the brief's text, only when it is read; with
    the spans of its records (see :mod:`vzcli.layout`), ``where`` on their key field
    reads only the records it keeps."""

    def __init__(
        self, cls: type[R], text: bytes, span: Sequence[Any], key: str | None = None
    ) -> None:
        super().__init__(cls, [])
        self._text = text
        self._span = span
        self._key = key
        self._parsed = False

    @property
    def raw(self) -> list[Mapping[str, Any]]:
        if not self._parsed:
            self._raw = _parse[0](self._text[self._span[0] : self._span[1]])
            self._parsed = True
        return self._raw

    def _all(self) -> list[R]:
        if self._built is None:
            self._built = [build_record(self._cls, d) for d in self.raw]
        return self._built

    def __len__(self) -> int:
        return len(self._span[2]) if len(self._span) > 2 else len(self.raw)

    def where(self, field: str, values: set[str] | frozenset[str]) -> list[R]:
        if self._parsed or field != self._key or len(self._span) < 3:
            return [r for r in self._all() if getattr(r, field) in values]
        text, parse = self._text, _parse[0]
        return [
            build_record(self._cls, parse(text[start:end]))
            for start, end, key in self._span[2]
            if key in values
        ]


class LazyAnchors(Mapping[str, str]):
    """A brief's ``anchors``, parsed from its text only when read (by verify and
    reanchor, which validate anyway): a query over ten thousand briefs never pays
    for them."""

    def __init__(self, text: bytes, span: Sequence[int] | None) -> None:
        self._text, self._span = text, span
        self._map: dict[str, str] | None = None

    def _loaded(self) -> dict[str, str]:
        if self._map is None:
            span = self._span
            self._map = {} if span is None else _parse[0](self._text[span[0] : span[1]])
        return self._map

    def __getitem__(self, key: str) -> str:
        return self._loaded()[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._loaded())

    def __len__(self) -> int:
        return len(self._loaded())


def brief_from_layout(
    text: bytes, layout: Mapping[str, Any], collections: frozenset[str] | None = None
) -> Brief:
    """A certified brief read from its text a part at a time (see :mod:`vzcli.layout`):
    the source now, each collection when it is read."""
    from .layout import KEYS

    keep = set(COLLECTIONS) if collections is None else {"actors", *collections}
    source = layout["source"]
    parts: dict[str, LazyRecords[object]] = {}
    for name, spec in COLLECTIONS.items():
        if name not in keep:
            continue
        span = layout.get(name)
        parts[name] = (
            LazyRecords(spec.item, [])
            if span is None
            else SlicedRecords(spec.item, text, span, KEYS.get(name))
        )
    return Brief(
        schema_version=layout["schema_version"],
        source=build_record(Source, _parse[0](text[source[0] : source[1]])),
        **parts,  # type: ignore[arg-type]
        anchors=LazyAnchors(text, layout.get("anchors")),
    )


def values(records: Sequence[object], *names: str) -> list[tuple[Any, ...]]:
    """Some fields of every record, as tuples, without building records that are
    still JSON (names and relations are read this way, by the thousand)."""
    raw = getattr(records, "raw", None)
    if raw is not None and getattr(records, "_built", None) is None:
        # Written out for two and three fields: a generator per record costs
        # more than the lookups themselves.
        if len(names) == 2:
            first, second = names
            return [(d.get(first), d.get(second)) for d in raw]
        if len(names) == 3:
            first, second, third = names
            return [(d.get(first), d.get(second), d.get(third)) for d in raw]
        return [tuple(map(d.get, names)) for d in raw]
    get = attrgetter(*names)
    if len(names) == 1:
        return [(_plain(get(r)),) for r in records]
    return [tuple(map(_plain, get(r))) for r in records]


def _plain(value: object) -> object:
    # A field as its JSON holds it: an enum member as its value.
    return value.value if isinstance(value, StrEnum) else value


def build_brief(data: Mapping[str, Any], collections: frozenset[str] | None = None) -> Brief:
    """A brief from its validated JSON; with ``collections``, only those (and the
    actors) are kept, as :func:`vzcli.validate.brief_file_type` validates them."""
    keep = set(COLLECTIONS) if collections is None else {"actors", *collections}
    parts: dict[str, LazyRecords[object]] = {
        name: LazyRecords(spec.item, data.get(name, []))
        for name, spec in COLLECTIONS.items()
        if name in keep
    }
    return Brief(
        schema_version=data["schema_version"],
        source=build_record(Source, data["source"]),
        **parts,  # type: ignore[arg-type]
        anchors=data.get("anchors", {}),
    )
