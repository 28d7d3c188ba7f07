"""Change a JSON file's value while keeping its text: a new record is a few added
lines, an edit a changed line, and a diff of the brief shows only the change.

Re-serialising the whole brief would reformat every record an author laid out
by hand; this module parses the text once, keeping where each value stands,
and replaces only the parts whose values differ.  What it writes is laid out
as :func:`vzcli.jsontext.pretty_json` lays out a brief, indented with the
file's own indentation.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import cast

from .jsontext import pretty_json

_DECODER = json.JSONDecoder()
_SPACE = " \t\n\r"


@dataclass
class Node:
    """Where one JSON value stands in the text: ``text[start:end]``; for an object
    its members (key, where the key starts, the value), for an array its items."""

    start: int
    end: int
    members: list[tuple[str, int, Node]] = field(default_factory=list)
    items: list[Node] = field(default_factory=list)


def _skip(text: str, at: int) -> int:
    while at < len(text) and text[at] in _SPACE:
        at += 1
    return at


def _expect(text: str, at: int, char: str) -> int:
    if text[at : at + 1] != char:
        raise ValueError(f"expected {char!r} at character {at}")
    return at + 1


def parse(text: str, at: int = 0) -> Node:
    """The value starting at ``at`` (after any whitespace), with its place and its parts'."""
    at = _skip(text, at)
    start, opener = at, text[at : at + 1]
    if opener == "{":
        members: list[tuple[str, int, Node]] = []
        at = _skip(text, at + 1)
        while text[at : at + 1] != "}":
            if members:
                at = _skip(text, _expect(text, at, ","))
            key_at = at
            key, at = _DECODER.raw_decode(text, at)
            if not isinstance(key, str):
                raise ValueError(f"expected a key at character {key_at}")
            at = _skip(text, _expect(text, _skip(text, at), ":"))
            value = parse(text, at)
            members.append((key, key_at, value))
            at = _skip(text, value.end)
        return Node(start, at + 1, members=members)
    if opener == "[":
        items: list[Node] = []
        at = _skip(text, at + 1)
        while text[at : at + 1] != "]":
            if items:
                at = _skip(text, _expect(text, at, ","))
            item = parse(text, at)
            items.append(item)
            at = _skip(text, item.end)
        return Node(start, at + 1, items=items)
    _, end = _DECODER.raw_decode(text, at)
    return Node(at, end)


def _line_indent(text: str, at: int) -> str:
    """The whitespace that begins the line holding character ``at``."""
    start = text.rfind("\n", 0, at) + 1
    end = start
    while end < len(text) and text[end] in " \t":
        end += 1
    return text[start:end]


@dataclass
class _Layout:
    unit: str
    """One level of the file's indentation (two spaces unless the file says otherwise)."""
    newline: str = "\n"
    """The file's line end: a brief saved with CRLF keeps CRLF."""

    def render(self, value: object, indent: str) -> str:
        """``value`` laid out as a brief is, its later lines under ``indent``."""
        lines = pretty_json(value).rstrip("\n").split("\n")
        out = [lines[0]]
        for line in lines[1:]:
            body = line.lstrip(" ")
            out.append(indent + self.unit * ((len(line) - len(body)) // 2) + body)
        return self.newline.join(out)

    def separator(self, text: str, opener: int, first: int, indent: str) -> str:
        """What goes between two members or items where the container's first one
        starts at ``first``: a new line and ``indent`` when the container is laid out
        over lines, a space when it is on one."""
        return "," + self.newline + indent if "\n" in text[opener:first] else ", "


def _unit(text: str) -> str:
    """The file's indentation step: the first indented line's leading whitespace."""
    for line in text.split("\n"):
        body = line.lstrip(" \t")
        if body and len(body) < len(line):
            return line[: len(line) - len(body)]
    return "  "


Edit = tuple[int, int, str]


def splice(text: str, new: object) -> str:
    """``text`` (a JSON document) changed so that it holds ``new``, touching only
    the parts whose values differ."""
    root = parse(text)
    if _skip(text, root.end) != len(text):
        raise ValueError(f"extra data after the JSON value at character {root.end}")
    edits: list[Edit] = []
    newline = "\r\n" if "\r\n" in text else "\n"
    _diff(text, root, json.loads(text), new, edits, _Layout(_unit(text), newline))
    # From the end back, so earlier places stay put; edits at one place in the
    # reverse of the order they were made, so they read in that order.
    order = sorted(range(len(edits)), key=lambda i: (edits[i][0], edits[i][1], i), reverse=True)
    for i in order:
        start, end, replacement = edits[i]
        text = text[:start] + replacement + text[end:]
    return text


def _diff(
    text: str, node: Node, old: object, new: object, edits: list[Edit], layout: _Layout
) -> None:
    # Not == alone: True == 1 and 1 == 1.0, yet each is written differently.
    if old == new and _same_types(old, new):
        return
    if isinstance(old, dict) and isinstance(new, dict) and old and new:
        _diff_object(text, node, old, new, edits, layout)
    elif isinstance(old, list) and isinstance(new, list) and old and new:
        _diff_array(text, node, old, new, edits, layout)
    else:
        edits.append((node.start, node.end, layout.render(new, _line_indent(text, node.start))))


def _same_types(old: object, new: object) -> bool:
    """Whether two equal values are also written the same: ``1`` is not ``1.0`` nor
    ``true``, and keys in another order are another text."""
    if type(old) is not type(new):
        return False
    if isinstance(old, dict):
        keys = list(old)
        return keys == list(cast("dict[str, object]", new)) and all(
            _same_types(old[k], cast("dict[str, object]", new)[k]) for k in keys
        )
    if isinstance(old, list):
        # Equal lists: of one length.
        return all(map(_same_types, old, cast("list[object]", new)))
    return True


def _diff_object(
    text: str,
    node: Node,
    old: dict[str, object],
    new: dict[str, object],
    edits: list[Edit],
    layout: _Layout,
) -> None:
    members = node.members
    where = {key: i for i, (key, _, _) in enumerate(members)}
    if len(where) != len(members) or _moved(old, new):
        # Duplicate keys, or keys in another order: nothing to keep.
        edits.append((node.start, node.end, layout.render(new, _line_indent(text, node.start))))
        return
    indent = _line_indent(text, members[0][1])  # _diff sends no empty object here
    sep = layout.separator(text, node.start, members[0][1], indent)
    kept = [k for k in old if k in new]
    if not kept:
        edits.append((node.start, node.end, layout.render(new, _line_indent(text, node.start))))
        return
    for key, value in old.items():
        if key in new:
            _diff(text, members[where[key]][2], value, new[key], edits, layout)
    _delete(
        text,
        [(k_at, value) for _, k_at, value in members],
        [where[k] for k in old if k not in new],
        edits,
    )
    # Each new key goes before the next kept key that follows it in ``new``,
    # or after the last member.
    order = list(new)
    for i, key in enumerate(order):
        if key in old:
            continue
        member = json.dumps(key, ensure_ascii=False) + ": " + layout.render(new[key], indent)
        following = next((k for k in order[i + 1 :] if k in old), None)
        if following is None:
            last = members[where[kept[-1]]][2]
            edits.append((last.end, last.end, sep + member))
        else:
            at = members[where[following]][1]
            edits.append((at, at, member + sep))


def _moved(old: dict[str, object], new: dict[str, object]) -> bool:
    """Whether the keys both hold stand in another order in ``new``."""
    return [k for k in new if k in old] != [k for k in old if k in new]


def _delete(text: str, parts: list[tuple[int, Node]], gone: list[int], edits: list[Edit]) -> None:
    """Remove the members or items at ``gone`` (indices into ``parts``: where each
    starts, and its value; at least one part stays), each with a separator."""
    last_kept = max(i for i in range(len(parts)) if i not in gone)
    for i in gone:
        if i < last_kept:  # up to where the next part starts
            edits.append((parts[i][0], parts[i + 1][0], ""))
    if last_kept < len(parts) - 1:  # a run at the end: from the last part kept
        edits.append((parts[last_kept][1].end, parts[-1][1].end, ""))


def _diff_array(
    text: str, node: Node, old: list[object], new: list[object], edits: list[Edit], layout: _Layout
) -> None:
    items = node.items
    if len(old) == len(new):
        for item, a, b in zip(items, old, new, strict=True):
            _diff(text, item, a, b, edits, layout)
        return
    indent = _line_indent(text, items[0].start)
    sep = layout.separator(text, node.start, items[0].start, indent)
    if len(new) == len(old) + 1:
        for i in range(len(new)):
            if new[:i] + new[i + 1 :] == old and _same_types(new[:i] + new[i + 1 :], old):
                rendered = layout.render(new[i], indent)
                if i == len(old):
                    edits.append((items[-1].end, items[-1].end, sep + rendered))
                else:
                    edits.append((items[i].start, items[i].start, rendered + sep))
                return
    if len(new) == len(old) - 1:
        for i in range(len(old)):
            if old[:i] + old[i + 1 :] == new and _same_types(old[:i] + old[i + 1 :], new):
                _delete(text, [(item.start, item) for item in items], [i], edits)
                return
    edits.append((node.start, node.end, layout.render(new, _line_indent(text, node.start))))
