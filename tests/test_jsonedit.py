"""jsonedit.splice: the changed document holds exactly the new value, in its order,
and the text outside the change is untouched."""

from __future__ import annotations

import difflib
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from vzcli.jsonedit import parse, splice
from vzcli.jsontext import pretty_json

DOC = {
    "source": {"title": "T", "spans": [[0, 4]]},
    "actors": [
        {"id": "a", "name": "Ann", "aliases": ["A"], "spans": [[0, 3]]},
        {"id": "b", "name": "Bo", "spans": [[5, 7]]},
    ],
    "events": [],
    "anchors": {"0-3": "aa", "5-7": "bb"},
}


def _pairs(text: str) -> object:
    """The document with every object as its list of (key, value) pairs: order counts."""
    return json.loads(text, object_pairs_hook=list)


def _diff(a: str, b: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(a.splitlines(), b.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and line[:3] not in ("+++", "---")
    ]


def test_appending_a_record_adds_only_its_lines() -> None:
    text = pretty_json(DOC)
    new = json.loads(text)
    new["actors"].append({"id": "c", "name": "Cy", "spans": [[8, 9]]})
    out = splice(text, new)
    assert out == pretty_json(new)
    assert _diff(text, out) == [
        "+    },",
        "+    {",
        '+      "id": "c",',
        '+      "name": "Cy",',
        '+      "spans": [[8, 9]]',
    ]


def test_an_empty_collection_gets_its_first_record() -> None:
    text = pretty_json(DOC)
    new = json.loads(text)
    new["events"].append({"id": "e", "title": "X"})
    out = splice(text, new)
    assert out == pretty_json(new)


def test_removing_the_first_middle_and_last_items() -> None:
    doc = {"xs": [{"id": str(i)} for i in range(4)]}
    text = pretty_json(doc)
    for i in range(4):
        new = {"xs": [x for j, x in enumerate(doc["xs"]) if j != i]}
        assert splice(text, new) == pretty_json(new)


def test_removing_keys_at_the_end_and_in_the_middle() -> None:
    doc = {"a": 1, "b": 2, "c": 3, "d": 4}
    text = pretty_json(doc)
    assert splice(text, {"a": 1, "d": 4}) == pretty_json({"a": 1, "d": 4})
    assert splice(text, {"a": 1, "b": 2}) == pretty_json({"a": 1, "b": 2})
    assert splice(text, {"b": 2}) == pretty_json({"b": 2})


def test_a_new_key_goes_where_the_new_value_puts_it() -> None:
    text = pretty_json({"a": 1, "c": 3})
    assert splice(text, {"a": 1, "b": 2, "c": 3}) == pretty_json({"a": 1, "b": 2, "c": 3})
    assert splice(text, {"z": 0, "a": 1, "c": 3}) == pretty_json({"z": 0, "a": 1, "c": 3})


def test_a_one_line_array_stays_on_one_line() -> None:
    text = '{\n  "aliases": ["A", "B"]\n}\n'
    assert splice(text, {"aliases": ["A", "B", "C"]}) == '{\n  "aliases": ["A", "B", "C"]\n}\n'
    assert splice(text, {"aliases": ["B"]}) == '{\n  "aliases": ["B"]\n}\n'
    assert splice(text, {"aliases": ["Z", "A", "B"]}) == '{\n  "aliases": ["Z", "A", "B"]\n}\n'


def test_a_file_laid_out_another_way_keeps_its_layout() -> None:
    """Four-space indentation and a record on one line: the rest is untouched,
    and the new record uses the file's indentation."""
    text = '{\n    "xs": [\n        {"id": "a", "n": 1},\n        {"id": "b"}\n    ]\n}'
    changed = splice(text, {"xs": [{"id": "a", "n": 2}, {"id": "b"}]})
    out = splice(changed, {"xs": [{"id": "a", "n": 2}, {"id": "b"}, {"id": "c", "m": [1]}]})
    assert out == (
        '{\n    "xs": [\n        {"id": "a", "n": 2},\n        {"id": "b"},\n'
        '        {\n            "id": "c",\n            "m": [1]\n        }\n    ]\n}'
    )


def test_a_file_with_crlf_line_ends_keeps_them() -> None:
    text = pretty_json(DOC).replace("\n", "\r\n")
    new = json.loads(text)
    new["actors"].append({"id": "c", "spans": [[8, 9]]})
    new["anchors"]["8-9"] = "cc"
    out = splice(text, new)
    assert out == pretty_json(new).replace("\n", "\r\n")
    assert "\n" not in out.replace("\r\n", "")


def test_a_file_with_no_spaces_at_all_is_read_and_kept() -> None:
    text = json.dumps({"a": [1, {"b": 2}], "c": "x"}, separators=(",", ":"))
    assert splice(text, {"a": [1, {"b": 3}], "c": "x"}) == '{"a":[1,{"b":3}],"c":"x"}'
    assert splice(text, {"a": [1, {"b": 2}, 4], "c": "x"}) == '{"a":[1,{"b":2}, 4],"c":"x"}'


def test_an_object_written_anew_takes_its_lines_indentation() -> None:
    """Keys in another order rewrite the object, laid out under its own line."""
    text = pretty_json({"xs": [{"id": "a", "n": 1}]})
    out = splice(text, {"xs": [{"n": 1, "id": "a"}]})
    assert out == pretty_json({"xs": [{"n": 1, "id": "a"}]})


@pytest.mark.parametrize("unit", ["   ", "\t", "    "])
def test_a_new_record_takes_the_files_own_indentation(unit: str) -> None:
    text = json.dumps({"xs": [{"id": "a"}]}, indent=unit)
    out = splice(text, {"xs": [{"id": "a"}, {"id": "b", "m": [1]}]})
    assert out.endswith(
        f'{unit}{unit}{{\n{unit * 3}"id": "b",\n{unit * 3}"m": [1]\n{unit * 2}}}\n{unit}]\n}}'
    )


def test_equal_values_of_another_type_are_rewritten() -> None:
    """1, 1.0 and true are equal in Python, and written differently."""
    assert splice('{"a": 1}', {"a": 1.0}) == '{"a": 1.0}'
    assert splice('{"a": 1}', {"a": True}) == '{"a": true}'
    assert splice('{"a": [1]}', {"a": [True]}) == '{"a": [true]}'
    assert splice('{"a": 1}', {"a": 1}) == '{"a": 1}'


def test_keys_in_another_order_rewrite_the_object() -> None:
    assert splice('{"a": 1, "b": 2}', {"b": 2, "a": 1}) == pretty_json({"b": 2, "a": 1}).rstrip(
        "\n"
    )


def test_parse_places_every_part() -> None:
    text = '{"a": [1, {"b": "x"}], "c": null}'
    root = parse(text)
    assert (root.start, root.end) == (0, len(text))
    (a, a_at, a_val), (c, _, c_val) = root.members
    assert (a, text[a_at : a_at + 3], text[a_val.start : a_val.end]) == (
        "a",
        '"a"',
        '[1, {"b": "x"}]',
    )
    assert [text[i.start : i.end] for i in a_val.items] == ["1", '{"b": "x"}']
    assert (c, text[c_val.start : c_val.end]) == ("c", "null")


@pytest.mark.parametrize("text", ['{"a" 1}', '{"a": 1 "b": 2}', "[1 2]", '{"a": 1} x', "{1: 2}"])
def test_malformed_text_is_refused(text: str) -> None:
    with pytest.raises(ValueError, match="character"):
        splice(text, {})


_scalars = st.none() | st.booleans() | st.integers(-5, 5) | st.sampled_from([0.5, "x", "é", ""])
_values = st.recursive(
    _scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from("abcde"), inner, max_size=4)
    ),
    max_leaves=12,
)
_docs = st.dictionaries(st.sampled_from("abcdef"), _values, min_size=1, max_size=5)


@settings(max_examples=300, deadline=None)
@given(_docs, _docs, st.sampled_from(["pretty", "indent4", "compact", "crlf"]))
def test_any_change_gives_exactly_the_new_value(old: object, new: object, layout: str) -> None:
    text = {
        "pretty": pretty_json(old),
        "indent4": json.dumps(old, indent=4),
        "compact": json.dumps(old),
        "crlf": pretty_json(old).replace("\n", "\r\n"),
    }[layout]
    out = splice(text, new)
    assert _pairs(out) == _pairs(json.dumps(new))
    if layout == "crlf":  # no bare line feed comes in
        assert "\n" not in out.replace("\r\n", "")


_records = st.lists(
    st.dictionaries(st.sampled_from("abc"), _scalars, min_size=1, max_size=3),
    min_size=2,
    max_size=5,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from("abcdef"), _records, min_size=1, max_size=3), st.data())
def test_one_record_added_or_removed_touches_only_its_lines(
    old: dict[str, list[dict[str, object]]], data: st.DataObject
) -> None:
    """In a brief's layout the result is the layout of the new value: nothing else moved."""
    text = pretty_json(old)
    key = data.draw(st.sampled_from(sorted(old)))
    new = json.loads(text)
    at = data.draw(st.integers(0, len(new[key]) - 1))
    if data.draw(st.booleans()):
        del new[key][at]
    else:
        new[key].insert(at, {"id": "new"})
    assert splice(text, new) == pretty_json(new)


def test_a_new_key_is_written_as_it_is_spelled() -> None:
    text = pretty_json({"a": 1})
    assert splice(text, {"a": 1, "é": 2}) == '{\n  "a": 1,\n  "é": 2\n}\n'
