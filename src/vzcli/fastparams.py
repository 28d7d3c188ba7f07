"""Click-native coercion of vzcli's options, so answering never imports pydantic.

Typer 0.29 coerces every option value through a pydantic ``TypeAdapter``
(``typer._coercion.build_runtime_param``), which imports pydantic, about half
of a query's start-up, on every run.  vzcli's options are ``str``, ``int``
(with bounds), ``bool`` and ``StrEnum`` values and lists of them: this
converts those directly.  Anything else, and every value it cannot convert,
goes to Typer's own adapter, so error messages stay exactly Typer's.

Typer has no public hook for this; ``install`` replaces
``typer.core.build_runtime_param``.  pyproject.toml pins the Typer versions
this is tested with, and tests/test_speed_paths.py fails loudly when the
hook or its contract changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any, get_args, get_origin

from typer import core as typer_core
from typer._coercion import RuntimeParam, TypeDescriptor

_typer_build = typer_core.build_runtime_param  # type: ignore[attr-defined]


@dataclass(frozen=True)
class NativeParam(RuntimeParam):
    """Coerces with a plain function; defers to Typer's adapter for anything it refuses."""

    convert: Callable[[Any], Any]
    descriptor: TypeDescriptor

    def _coerce_value(self, value: Any, param: Any, ctx: Any) -> Any:
        try:
            return self.convert(value)
        except (ValueError, TypeError):
            # Typer's adapter either accepts the value the same way or raises
            # its own, familiar error: one behaviour, one set of messages.
            typer_param = _typer_build(self.descriptor)
            return typer_param._coerce_value(value, param=param, ctx=ctx)


def _leaf(annotation: Any, descriptor: TypeDescriptor) -> Callable[[Any], Any] | None:
    """A converter for one value of ``annotation``, or None when Typer must do it."""
    info = descriptor.parameter_info
    if annotation is str:
        return lambda v: v if isinstance(v, str) else _refuse(v)
    if annotation is bool:  # flags arrive as bools; None (unset) never reaches here
        return lambda v: v if isinstance(v, bool) else _refuse(v)
    if annotation is int:
        low, high = info.min, info.max

        def to_int(v: Any) -> int:
            number = int(v) if isinstance(v, str) and v.strip().lstrip("-").isdigit() else None
            if number is None or (low is not None and number < low):
                raise ValueError(v)
            if high is not None and number > high:
                raise ValueError(v)
            return number

        return to_int
    if isinstance(annotation, type) and issubclass(annotation, StrEnum):
        members = list(annotation)
        exact = {m.value: m for m in members}
        folded = {m.value.casefold(): m for m in members}

        def to_member(v: Any) -> StrEnum:
            if isinstance(v, annotation):
                return v
            found = exact.get(v) if info.case_sensitive else folded.get(str(v).casefold())
            if found is None:
                raise ValueError(v)
            return found

        return to_member
    return None


def _refuse(value: Any) -> Any:
    raise TypeError(value)


def build_runtime_param(descriptor: TypeDescriptor) -> RuntimeParam:
    """Typer's runtime coercion for one parameter, native where vzcli's types allow."""
    annotation: Any = descriptor.annotation
    if descriptor.is_file or descriptor.is_path or descriptor.parameter_info.parser:
        return _typer_build(descriptor)
    if get_origin(annotation) is list:
        (inner,) = get_args(annotation) or (None,)
        leaf = _leaf(inner, descriptor)
        if leaf is None:
            return _typer_build(descriptor)
        convert: Callable[[Any], Any] = lambda values: [leaf(v) for v in values]  # noqa: E731
    else:
        found = _leaf(annotation, descriptor)
        if found is None:
            return _typer_build(descriptor)
        convert = found
    return NativeParam(
        parameter_info=descriptor.parameter_info,
        annotation=annotation,
        convert=convert,
        descriptor=descriptor,
    )


def install() -> None:
    """Make Typer build vzcli's parameters with :func:`build_runtime_param`."""
    typer_core.build_runtime_param = build_runtime_param  # type: ignore[attr-defined]
