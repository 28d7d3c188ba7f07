"""One matching rule for every option that takes words: ``--search`` and the
name filters (``--actor``, ``--on``, ``--metric``, ``--about``, ``show``).

The rule:

- Text is compared folded: case-insensitive, accents optional (``Guaidó``
  matches ``guaido``), and the letters Unicode does not decompose read as
  the Latin letters typed for them (``Łódź`` matches ``lodz``, ``Ørsted``
  ``orsted``, ``Đorđe`` ``dorde``; the table is ``_UNDECOMPOSED``).  It is
  read as words, runs of letters and digits; everything else separates them.
  Initials with stops read as one word: ``U.S.`` is the word ``us``.
- A query word matches a word of the text that it equals or begins:
  ``oil`` finds "oil" and "oilfield", never "turmoil".  A query word of one
  or two characters must be a whole word, so ``US`` does not find "use".
- The query's words, as the shell splits them, must all match (in any order,
  in any of the record's fields); a "quoted phrase" must match as
  consecutive words of one field.
- A name filter matches a name, id or alias exactly when one does (the
  folded text is equal); failing that, every name in which the value
  matches as a phrase.
"""

# Annotations are evaluated here, not left as strings (no `from __future__ import
# annotations`): typing.NamedTuple compiles each string annotation of its fields
# into a ForwardRef, a cost every command paid at start-up; a name only a type
# checker imports is quoted where it is used.
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import NamedTuple

_WORD = re.compile(r"[^\W_]+")
_SEP = r"[\W_]+"
_SHORT = 2  # query words this short match whole words only


class MatchError(ValueError):
    """A query that cannot be read (an unbalanced quotation mark, no words)."""


_INITIALS = re.compile(r"(?<![^\W_])(?:[^\W\d_]\.){2,}")


# Letters Unicode gives no decomposition, so NFKD leaves them whole: folded to the
# Latin letters a person types for them (as ICU's Latin-ASCII transliteration
# does), after casefold, so only the lower-case forms are listed.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",  # Polish: Łódź -> lodz
        "ø": "o",  # Danish, Norwegian: Ørsted -> orsted
        "đ": "d",  # Serbo-Croatian, Vietnamese: Đorđe -> dorde
        "ð": "d",  # Icelandic eth
        "ħ": "h",  # Maltese
        "ŧ": "t",  # Sami
        "\u0131": "i",  # Turkish dotless i
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


def fold(text: str) -> str:
    """Case- and accent-insensitive form: ``Guaidó`` and ``guaido`` fold alike,
    and initials lose their stops (``U.S.`` folds as ``us``)."""
    if "." in text:
        text = _INITIALS.sub(lambda m: m[0].replace(".", ""), text)
    if text.isascii():  # no accents to strip: the common case, and 10x faster
        return text.lower()
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
    return stripped.translate(_UNDECOMPOSED)


def words(text: str) -> list[str]:
    """The folded words of ``text``."""
    return _WORD.findall(fold(text))


def _phrase(query_words: list[str]) -> re.Pattern[str]:
    parts = []
    for word in query_words:
        tail = r"(?![^\W_])" if len(word) <= _SHORT else r"[^\W_]*"
        parts.append(re.escape(word) + tail)
    return re.compile(r"(?<![^\W_])" + _SEP.join(parts))


class Search(NamedTuple):
    """A parsed ``--search``: every term must match some field of a record."""

    text: str
    terms: tuple[re.Pattern[str], ...]

    @classmethod
    def parse(cls, text: str) -> "Search":
        """Split into terms: whitespace-separated words, or "quoted phrases"."""
        if text.count('"') % 2:
            raise MatchError(f"--search {text!r} has an unbalanced quotation mark")
        terms = []
        for i, chunk in enumerate(text.split('"')):
            if i % 2:  # inside quotation marks: one phrase
                found = words(chunk)
                if found:
                    terms.append(_phrase(found))
            else:
                terms += [_phrase(words(token)) for token in chunk.split() if words(token)]
        if not terms:
            raise MatchError(f"--search {text!r} has no words to look for")
        return cls(text, tuple(terms))

    def matches(self, fields: Iterable[object]) -> bool:
        """Whether every term matches one of ``fields`` (strings, lists of strings, None)."""
        folded = [fold(f) for f in _strings(fields)]
        return all(any(term.search(f) for f in folded) for term in self.terms)


def _strings(fields: Iterable[object]) -> Iterable[str]:
    for value in fields:
        if isinstance(value, str):
            yield value
        elif isinstance(value, (list, tuple)):
            yield from _strings(value)


def names_matching(value: str, names: Mapping[str, Iterable[str]]) -> set[str]:
    """The keys of ``names`` (key -> its names, id and aliases) that ``value`` selects.

    An exact (folded) match wins; failing that, every key one of whose names
    the value matches as a phrase under the word rule.  Empty when none.
    """
    wanted = fold(value.strip())
    exact = {key for key, spellings in names.items() if any(fold(n) == wanted for n in spellings)}
    if exact:
        return exact
    query = words(value)
    if not query:
        return set()
    pattern = _phrase(query)
    return {
        key for key, spellings in names.items() if any(pattern.search(fold(n)) for n in spellings)
    }


def suggestions(value: str, spellings: Iterable[str], limit: int = 3) -> list[str]:
    """The spellings closest to ``value`` (a did-you-mean), closest first."""
    import difflib  # only on this error path

    by_fold: dict[str, str] = {}
    for spelling in spellings:
        by_fold.setdefault(fold(spelling), spelling)
    close = difflib.get_close_matches(fold(value), list(by_fold), n=limit, cutoff=0.6)
    return [by_fold[c] for c in close]
