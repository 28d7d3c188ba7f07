"""Click-native coercion of vzcli's options, so answering never imports pydantic.

Typer 0.29 coerces every option value through a pydantic ``TypeAdapter``,
which imports pydantic, about half of a query's start-up, on every run.
vzcli's options are ``str``, ``int`` (with bounds), ``bool`` and ``StrEnum``
values and lists of them: this converts those directly.  Anything else, and
every value it cannot convert, goes to Typer's own coercion, so error
messages stay exactly Typer's.

Typer has no public hook for this.  :func:`prepare` gives each parameter of
vzcli's own commands (never another app's) a converter, through Typer's
private ``typer._coercion`` classes and the parameter's private
``_runtime_param`` slot.  When either is missing or has changed, it does
nothing and Typer coerces as it always does: slower, never broken
(tests/test_fallbacks.py runs queries that way).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any, get_args, get_origin

try:
    from typer._coercion import RuntimeParam, TypeDescriptor
    from typer._coercion import build_runtime_param as typer_build
except ImportError:  # another Typer: coerce as Typer does
    AVAILABLE = False
else:
    AVAILABLE = True

if TYPE_CHECKING:
    from typer._click import Parameter

Convert = Callable[[object], object]

# ASCII digits only: str.isdigit() and int() also take other scripts' digits
# (Arabic-Indic, full-width), which Typer's own coercion refuses.
_INTEGER = re.compile(r"-?[0-9]+")


def _refuse(value: object) -> object:
    raise TypeError(value)


def _leaf(annotation: object, descriptor: TypeDescriptor) -> Convert | None:
    """A converter for one value of ``annotation``, or None when Typer must do it."""
    info = descriptor.parameter_info
    if annotation is str:
        return lambda v: v if isinstance(v, str) else _refuse(v)
    if annotation is bool:  # flags arrive as bools; None (unset) never reaches here
        return lambda v: v if isinstance(v, bool) else _refuse(v)
    if annotation is int:
        low, high = info.min, info.max

        def to_int(v: object) -> int:
            found = _INTEGER.fullmatch(v.strip()) if isinstance(v, str) else None
            number = None if found is None else int(found[0])
            if number is None or (low is not None and number < low):
                raise ValueError(v)
            if high is not None and number > high:
                raise ValueError(v)
            return number

        return to_int
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        kind = annotation
        exact = {m.value: m for m in kind}
        folded = {m.value.casefold(): m for m in kind}

        def to_member(v: object) -> StrEnum:
            if isinstance(v, kind):
                return v
            found = exact.get(str(v)) if info.case_sensitive else folded.get(str(v).casefold())
            if found is None:
                raise ValueError(v)
            return found

        return to_member
    return None


def _native(descriptor: TypeDescriptor) -> RuntimeParam | None:
    """Native coercion for one parameter, or None where Typer must coerce."""
    annotation: object = descriptor.annotation
    if descriptor.is_file or descriptor.is_path or descriptor.parameter_info.parser:
        return None
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation) or (None,)
        leaf = _leaf(inner, descriptor)
        if leaf is None:
            return None
        convert: Convert = lambda values: [leaf(v) for v in values]  # type: ignore[attr-defined]  # noqa: E731
    else:
        found = _leaf(annotation, descriptor)
        if found is None:
            return None
        convert = found
    return NativeParam(
        parameter_info=descriptor.parameter_info,
        annotation=descriptor.annotation,
        convert=convert,
        descriptor=descriptor,
    )


if AVAILABLE:

    @dataclass(frozen=True)
    class NativeParam(RuntimeParam):
        """Coerces with a plain function; defers to Typer for anything it refuses."""

        convert: Convert
        descriptor: TypeDescriptor

        # Typer's own signature: values and parameters of any kind pass through.
        def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
            try:
                return self.convert(value)
            except (ValueError, TypeError):
                # Typer's coercion either accepts the value the same way or
                # raises its own, familiar error: one behaviour, one set of messages.
                return typer_build(self.descriptor)._coerce_value(value, param=param, ctx=ctx)


def prepare(params: Iterable[Parameter]) -> None:
    """Give each of these parameters (vzcli's own) native coercion where it can have it.

    Parameters Typer has not built the way this expects (no descriptor, no
    empty ``_runtime_param`` slot) are left to Typer.
    """
    if not AVAILABLE:
        return
    for param in params:
        descriptor = getattr(param, "type_descriptor", None)
        if (
            not isinstance(descriptor, TypeDescriptor)
            or getattr(param, "_runtime_param", 0) is not None
        ):
            continue
        native = _native(descriptor)
        if native is not None:
            param._runtime_param = native  # type: ignore[attr-defined]
