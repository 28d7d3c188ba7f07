"""Find, read and load a brief; read an article and check it is the brief's.

The bundled brief is read from inside the installed package, never from the
working folder, so ``vzcli`` answers the same wherever it is run.  A user's
own brief comes from ``--data PATH`` or ``VZCLI_DATA``; ``-`` means stdin.
Loading takes a brief certified valid before from the validation cache
(:mod:`vzcli.cache`), and validates it (:mod:`vzcli.validate`) otherwise.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
import gc
import os
import sys
import time
from collections.abc import Generator, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from .errors import BriefError, BriefInvalid, BriefUnreadable, QueryError, WrongArticle

if TYPE_CHECKING:
    from .cache import Certificate, Index
    from .layout import Layout
    from .models import Brief, Source
    from .store import Recording, Store

ENV_VAR = "VZCLI_DATA"
SOURCE_ENV_VAR = "VZCLI_SOURCE"
BUNDLED = "<bundled brief>"

MAX_BYTES = 512 * 1024 * 1024
"""Briefs larger than this are refused before parsing, so a wrong file (a disk
image, a log) fails in milliseconds instead of eating memory for minutes.
Generous: a brief with 100,000 records per collection is about 180 MB."""

_BOM = b"\xef\xbb\xbf"


class Loaded(NamedTuple):
    """A validated brief, where it came from, and its id in a corpus."""

    brief: "Brief"
    name: str
    """How messages name it: its path, ``<stdin>`` or ``<bundled brief>``."""
    id: str
    """``source.id``, else the file name's stem made an id (``stdin`` for stdin)."""
    indexed: "Index | None" = None
    """What a corpus's store was given of the brief as it was read (see
    :func:`index_of`), when it was."""


def brief_id(brief: "Brief", location: str | None) -> str:
    """A brief's id in a corpus: ``source.id``, else its file name's stem made an id."""
    from .models import make_id

    if brief.source.id:
        return brief.source.id
    if location is None:
        return "bundled"
    if location == "-":
        return "stdin"
    return make_id(Path(location).stem, "brief")


def source_path(source: str | None) -> str | None:
    """The article the user named (option first, then ``VZCLI_SOURCE``), or None."""
    if source:
        return source
    return os.environ.get(SOURCE_ENV_VAR) or None


# --- articles -----------------------------------------------------------------


def read_article(path: str) -> str:
    """The article's text, decoded as it is (CRLF line ends included: offsets count them);
    ``-`` reads it from stdin, unless stdin already gave the brief."""
    if path == "-":
        return decode("<stdin>", _read_stream("article"), "article")
    return decode(path, read_file(path, "article"), "article")


def sha256_of(article: str) -> str:
    """The hex sha256 of the article's UTF-8 bytes, as ``source.sha256`` records it."""
    import hashlib  # loads OpenSSL: only on the paths that read an article

    return hashlib.sha256(article.encode("utf-8")).hexdigest()  # pragma: no mutate


class Mismatch(NamedTuple):
    """How an article differs from the one a brief describes: its sha256 and length."""

    sha256: str
    length: int
    expected_sha256: str
    expected_length: int


def compare_article(source: "Source", article: str) -> Mismatch | None:
    """None when ``article`` is the text ``source`` describes, else how it differs."""
    digest = sha256_of(article)
    if digest == source.sha256 and len(article) == source.length:
        return None
    return Mismatch(digest, len(article), source.sha256, source.length)


def load_article(path: str, brief: "Brief") -> str:
    """The article at ``path``, refused unless it is the one ``brief`` describes.

    A hash and a length, not a re-verify: reading costs what reading the
    file costs.
    """
    text = read_article(path)
    found = compare_article(brief.source, text)
    if found is not None:
        from .variants import describe, same_article

        copy = same_article(text, brief.source.sha256, brief.source.length)
        if copy is not None:  # the article in other bytes: its offsets would be off
            raise WrongArticle(
                path,
                [f"{describe('this', copy[1], path)}; the brief's offsets count the article's own"],
            )
        raise WrongArticle(
            path,
            [
                f"not the article this brief describes (sha256 {found.sha256[:12]}…, "
                f"{found.length} characters; the brief expects {found.expected_sha256[:12]}…, "
                f"{found.expected_length} characters)"
            ],
        )
    return text


# --- bytes and text -----------------------------------------------------------


def read_bytes(location: str | None) -> tuple[str, bytes]:
    """Return ``(display name, raw bytes)`` of the brief at ``location``: a path, ``-``
    for stdin, None for the bundled brief."""
    if location is None:
        return BUNDLED, _read_bundled()
    if location == "-":
        return "<stdin>", _read_stream("brief")
    return location, read_file(location)


def _read_bundled() -> bytes:
    # The wheel puts the brief beside this module.  A plain path, not
    # importlib.resources: that costs 3 ms of imports on every run, and vzcli
    # is never imported from a zip.
    try:
        return (Path(__file__).parent / "data" / "brief.json").read_bytes()
    except FileNotFoundError:
        pass
    # An editable install runs from the source tree, where the wheel's copy of
    # data/brief.json does not exist: use the original beside src/.
    checkout = Path(__file__).resolve().parents[2] / "data" / "brief.json"
    try:
        return checkout.read_bytes()
    except OSError as exc:
        # Only a broken installation gets here; say so rather than blame the user.
        raise BriefUnreadable(
            BUNDLED, [f"cannot read the brief shipped with vzcli ({exc.strerror}); reinstall vzcli"]
        ) from exc


_STDIN: list[tuple[object, str, bytes]] = []
"""What stdin held, with the stream it was read from and what it was read as: a
corpus read brief by brief asks for each brief in each pass, and stdin can be
read only once."""


def _read_stream(kind: str) -> bytes:
    if sys.stdin is None:  # started with stdin closed (`vzcli … <&-`)
        option = "--data PATH" if kind == "brief" else "--source PATH"
        raise BriefUnreadable("<stdin>", [f"stdin is closed: pipe {_A[kind]} in, or give {option}"])
    stream = sys.stdin.buffer
    if _STDIN and _STDIN[0][0] is stream:
        if _STDIN[0][1] != kind:  # one stream cannot be both
            raise QueryError("only one of --data and --source may be -: stdin holds one file")
        return _STDIN[0][2]
    data = stream.read(MAX_BYTES + 1)
    if len(data) > MAX_BYTES:
        raise BriefInvalid("<stdin>", [_too_big()])
    _STDIN[:] = [(stream, kind, data)]
    return data


def read_file(path: str, kind: str = "brief") -> bytes:
    """The bytes of ``path``, refused past MAX_BYTES without reading them all; ``kind``
    (a brief, an article) is what messages call the file."""
    return read_file_stat(path, kind)[0]


def read_file_stat(path: str, kind: str = "brief") -> tuple[bytes, os.stat_result | None]:
    """The bytes of ``path`` and the file's stat, the same before and after they were
    read (None when it changed meanwhile: then nothing can be known by its stat)."""
    try:
        with open(path, "rb") as fh:  # a Path per brief costs a corpus 10 %
            first = os.fstat(fh.fileno())
            if first.st_size > MAX_BYTES:  # a regular file says its size: refuse at once
                raise BriefInvalid(path, [_too_big()])
            # Asked for the cap, read() would first allocate the cap, on every
            # file: ask for what the file says it holds (and a byte more, to see
            # it grow); pipes and devices say 0, and are read to the cap.
            data = fh.read((first.st_size or MAX_BYTES) + 1)
            if first.st_size and len(data) > first.st_size:
                data += fh.read(MAX_BYTES + 1 - len(data))
            after = os.fstat(fh.fileno())
    except IsADirectoryError as exc:
        raise BriefUnreadable(path, [f"is a folder, not {_A[kind]} file"]) from exc
    except FileNotFoundError as exc:
        raise BriefUnreadable(path, ["no such file"]) from exc
    except PermissionError as exc:
        raise BriefUnreadable(path, ["permission denied"]) from exc
    except OSError as exc:
        raise BriefUnreadable(path, [exc.strerror or str(exc)]) from exc
    if len(data) > MAX_BYTES:
        raise BriefInvalid(path, [_too_big()])
    # Not the access time, which reading may change.
    same = (first.st_mtime_ns, first.st_ctime_ns, first.st_size) == (
        after.st_mtime_ns,
        after.st_ctime_ns,
        after.st_size,
    )
    return data, first if same else None


def _too_big() -> str:
    return f"larger than {MAX_BYTES // (1024 * 1024)} MiB; vzcli refuses files that big"


_A = {"brief": "a brief", "article": "an article"}
_EMPTY = {
    "brief": "is empty; a brief is a JSON object",
    "article": "is empty; an article is the text a brief describes",
}


def check_encoding(name: str, raw: bytes, kind: str = "brief") -> None:
    """Refuse what is not UTF-8 text, saying why (a BOM is accepted)."""
    if not raw or raw.isspace():  # isspace, unlike strip, copies nothing
        raise BriefInvalid(name, [_EMPTY[kind]])
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise BriefInvalid(name, ["is UTF-16 text; save it as UTF-8"])
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        raise BriefInvalid(
            name,
            [f"line {line} column {column}: not UTF-8 text (byte 0x{raw[exc.start]:02x})"],
        ) from exc


def decode(name: str, raw: bytes, kind: str = "brief") -> str:
    """Decode UTF-8 (a leading BOM is accepted and dropped) or explain why not."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        check_encoding(name, raw, kind)  # raises with the line, column and byte
        raise
    if not text.strip():
        raise BriefInvalid(name, [_EMPTY[kind]])
    return text


# --- loading ------------------------------------------------------------------


def load(
    location: str | None = None,
    collections: Iterable[str] | None = None,
    store: "Store | None" = None,
) -> Loaded:
    """Read and validate the brief at ``location`` (a path, ``-`` for stdin, None for
    the bundled brief).

    With ``collections``, only those (and the source and actors) are
    validated and returned; the others are left empty, unread.  A brief
    validated before (the same bytes, by the same rules) is taken from the
    validation cache: built from its JSON, not validated again.  With a
    ``store`` (a corpus's, see :func:`load_all`), its certificate is looked up
    and recorded there.
    """
    from . import cache

    info = read_at = None
    if store is not None and location not in (None, "-"):
        # When the bytes were read, not when they are recorded (validation may take
        # seconds): a change within the file's timestamp granularity of this read
        # must not look settled.
        read_at = time.time_ns()
        name, (raw, info) = location, read_file_stat(location)
    else:
        name, raw = read_bytes(location)
    if not cache.enabled():
        brief = _validated(name, raw, collections)
        return Loaded(brief, name, brief_id(brief, location))
    from .models import subset

    chosen = subset(collections)
    hit = None if store is None or info is None else store.lookup(name, info)
    found: cache.Certificate | None
    if hit is not None:
        key, found = hit
    else:
        key = cache.digest(raw)
        found = cache.certificate(key) if store is None else store.by_digest(key)
    have = None if found is None else found.collections

    made: list[Index] = []

    def certify(
        brief: "Brief", collections: frozenset[str] | None, layout: "Layout | None"
    ) -> None:
        if store is None or info is None:
            cache.certify(key, collections, before=have, layout=layout)
        else:
            made.append(index_of(brief, brief_id(brief, location), chosen))
            store.record(
                name,
                info,
                key,
                collections,
                before=have,
                layout=layout,
                index=made[0],
                read_at=read_at,
            )

    if found is not None and cache.covers(have, chosen):
        brief = _from_cache(raw, chosen, found.layout)
        # The layout is found on the second run, not the first: a first run over
        # a corpus validates every brief, and has enough to do (and reads each
        # brief twice when it reads them one at a time).
        layout = found.layout
        if layout is None and not (store is not None and store.recorded(name)):
            layout = _layout(raw)
        in_store = store is not None and info is not None
        if (
            layout is not found.layout
            or (in_store and hit is None)
            or (in_store and _stale(found, chosen))
        ):
            certify(brief, found.collections, layout)
    else:
        brief = _validated(name, raw, collections)
        certify(brief, chosen, None if found is None else found.layout)
    return Loaded(brief, name, brief_id(brief, location), made[0] if made else None)


class Checked(NamedTuple):
    """What a worker process tells of a brief it loaded (see :func:`check_many`): not
    the brief, which would cost more to send than to read again."""

    name: str
    id: str
    indexed: "Index"
    recordings: "list[Recording]"
    """The certificates the load made, for the store's owner to record in order."""


_SHARED: "list[tuple[frozenset[str] | None, Store | None]]" = [(None, None)]
"""What :func:`_check` needs beyond a path: set before the workers are forked, and
inherited by them."""


def _check(where: str) -> "Checked | BriefError":
    """:func:`load` the brief at ``where`` for a corpus read brief by brief (in a worker
    process), returning what its first pass needs, or the error it would raise."""
    collections, store = _SHARED[0]
    if store is not None:
        store.deferred = []
    try:
        one = load(where, collections, store)
        index = one.indexed or index_of(one.brief, one.id, collections)
        made = [] if store is None or store.deferred is None else store.deferred
        return Checked(one.name, one.id, index, made)
    except BriefError as exc:
        return exc
    finally:
        if store is not None:
            store.deferred = None


def check_many(
    wanted: Sequence[str], collections: frozenset[str] | None, store: "Store | None"
) -> "Generator[Checked | BriefError, None, None] | None":
    """:func:`load` the briefs at ``wanted`` in worker processes, in order, for the
    first pass of a corpus read brief by brief; None when workers are not worth it
    (see :mod:`vzcli.workers`), and then each is loaded as it is reached.

    Only a brief the store does not know yet is worth sending: validating it
    is the work.  Each result is a :class:`Checked` (whose recordings the
    caller replays into ``store``, in order, as :func:`load` would have made
    them) or the error loading it raised, to raise in its turn.
    """
    from . import workers

    count = workers.jobs(len(wanted))
    if count < 2:
        return None
    _SHARED[0] = (collections, store)
    # Built here, once, and inherited: each worker would build its own otherwise.
    from .validate import prepare

    prepare(collections)
    return workers.ordered(_check, wanted, count)


def taken(done: "Checked | BriefError", store: "Store | None") -> Checked:
    """A result of :func:`check_many` taken in its turn: its certificates recorded in
    ``store`` as :func:`load` would have recorded them, or its error raised."""
    if isinstance(done, BriefError):
        raise done
    if store is not None:
        for made in done.recordings:
            store.replay(made)
    return done


INDEXED = ("id", "name", "aliases", "side", "kind")
"""The fields of each actor a corpus read brief by brief gathers first (its catalog)."""


def index_of(brief: "Brief", brief_id: str, chosen: frozenset[str] | None) -> "Index":
    """What a corpus read brief by brief needs of a brief before reading it: its id,
    its actors, and its ``denies`` links when they were read (None when not)."""
    from .rebuild import values

    actors = [[i, n, list(a or ()), s, k] for i, n, a, s, k in values(brief.actors, *INDEXED)]
    denies = None
    if chosen is None or "links" in chosen:
        links = values(brief.links, "source", "relation", "target")
        denies = [[s, t] for s, r, t in links if r == "denies"]
    return {"id": brief_id, "actors": actors, "denies": denies}


def _stale(found: "Certificate", chosen: frozenset[str] | None) -> bool:
    """Whether a store's index of a brief lacks what the brief read for ``chosen`` can
    give it: there is none, or it has no denials and the links were read."""
    if found.denials_indexed is None:
        return True
    return not found.denials_indexed and (chosen is None or "links" in chosen)


def corpus_store(found: Iterable[str | None]) -> "Store | None":
    """The store of certificates of the briefs at ``found`` (None for fewer than two
    files); a corpus of hundreds is parsed with pydantic-core from now on."""
    from .store import Store

    paths = [w for w in found if w not in (None, "-")]
    if len(paths) >= FAST_PARSE_FROM:
        from .parsing import parse_fast

        parse_fast()
    return Store.of(paths) if len(paths) > 1 else None


def load_all(found: Iterable[str | None], collections: Iterable[str] | None = None) -> list[Loaded]:
    """:func:`load` each brief at ``found``; two or more share one store of
    certificates (see :class:`vzcli.store.Store`), written once at the end."""
    where = list(found)
    store = corpus_store(where)
    if store is not None:
        # On a first run, every core validates (and certifies) what the store does
        # not know yet; each brief is then built from its certificate, here.
        from .models import subset

        chosen = subset(collections)
        unknown = [w for w in where if w not in (None, "-") and store.index(w, chosen) is None]
        checked = check_many(unknown, chosen, store)
        if checked is not None:
            try:
                for done in checked:
                    taken(done, store)
            finally:
                checked.close()
    loaded = [load(w, collections, store) for w in where]
    if store is not None:
        store.save()
    return loaded


def _layout(raw: bytes) -> "Layout | None":
    """Where the parts of a brief just validated stand in its text (small briefs only:
    a big one is read whole, and fast, by pydantic-core's parser)."""
    from .layout import of

    if len(raw) > _BIG:
        return None
    return of(raw[len(_BOM) :] if raw.startswith(_BOM) else raw)


def _validated(name: str, raw: bytes, collections: Iterable[str] | None) -> "Brief":
    from .validate import parse

    return parse(name, raw, collections)


_BIG = 1024 * 1024

FAST_PARSE_FROM = 200
"""A corpus of this many briefs parses them with pydantic-core (see
:mod:`vzcli.parsing`)."""


def _from_cache(
    raw: bytes, chosen: frozenset[str] | None, layout: "Layout | None" = None
) -> "Brief":
    """The brief built from JSON already certified valid: no pydantic, no checks; with
    its layout, read a part at a time, each part when it is used."""
    from .parsing import core, loads
    from .rebuild import brief_from_layout, build_brief

    if layout is not None:
        return brief_from_layout(raw[len(_BOM) :] if raw.startswith(_BOM) else raw, layout, chosen)

    gc_was_enabled = gc.isenabled()
    gc.disable()  # as in validate.parse(): many objects, no cycles, kept to the end
    try:
        text = raw[len(_BOM) :] if raw.startswith(_BOM) else raw
        # pydantic-core's parser is 40% faster than json's, which pays for
        # loading it only on a big brief, or in a corpus (which has loaded it).
        data = core().from_json(text) if len(text) > _BIG else loads[0](text)
        return build_brief(data, chosen)
    finally:
        gc.freeze()
        if gc_was_enabled:
            gc.enable()
