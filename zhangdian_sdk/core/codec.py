"""Contract records by name: ABI tuples to the SDK's dataclasses and back.

The contracts' structs are described once, in the ABIs shipped as package data
(:mod:`zhangdian_sdk.core.artifacts`). A :class:`StructCodec` binds a frozen dataclass to one of those
structs and maps fields by name (``snake_case`` field to the ``camelCase`` component; an explicit
``renames`` entry only where the names differ otherwise), converting each value by the field's type:

* ``bytes32`` to ``str`` is a code (:func:`~zhangdian_sdk.core.codes.bytes32_to_code`), to ``bytes`` the raw
  32 bytes; another ``bytesN`` to ``str`` ASCII text (a bytes18 统一社会信用代码); ``address`` to ``str``
  the checksummed address; ``uintN`` to ``datetime`` a timestamp;
  ``uint8`` to an ``IntEnum`` its member; ``T[]`` to ``tuple[T, ...]``; a nested struct to its dataclass;
* ``X | None`` is ``None`` for a zero value (zero bytes, the zero address, 0) and back.

Components a model does not carry are listed in ``omitted``; model fields the struct does not carry are
passed to :meth:`StructCodec.decode` as keyword arguments. Records without a model of their own are read
with :func:`named` (component name to raw value). ``tests/sdk/test_codec.py`` checks every binding
against the ABIs and every Python enum against the Solidity enum of the same name.

Usage::

    _APPLICATION = StructCodec(Application, "ApplicationLedger", "Application", omitted={"resumeStatus"})
    app = _APPLICATION.decode(record, application_id=app_id, overdue=False)
    names = named("ServiceCatalog", "openingTerms", result)   # {"latestVersion": 1, "ownerDepartment": ...}
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from enum import IntEnum
from functools import cache, cached_property
from typing import Any, Generic, TypeVar

from eth_utils.address import to_checksum_address

from zhangdian_sdk.core.artifacts import load_artifact
from zhangdian_sdk.core.codes import bytes32_to_code, code_to_bytes32
from zhangdian_sdk.core.errors import ConfigurationError
from zhangdian_sdk.core.models import timestamp_to_datetime

__all__ = [
    "StructCodec",
    "abi_type",
    "by_name",
    "camel",
    "eip712_fields",
    "function_abi",
    "named",
    "struct_components",
]

T = TypeVar("T")
Converter = Callable[[Any], Any]
_ZERO_ADDRESS = "0x" + "00" * 20


def camel(name: str) -> str:
    """``promised_time_limit`` -> ``promisedTimeLimit``: the default component name of a field."""
    head, *rest = name.split("_")
    return head + "".join(part[:1].upper() + part[1:] for part in rest)


@cache
def function_abi(contract: str, function: str) -> dict[str, Any]:
    """The ABI entry of ``function`` of ``contract`` (the only one of that name)."""
    found = [e for e in load_artifact(contract).abi if e.get("type") == "function" and e.get("name") == function]
    if len(found) != 1:
        raise ConfigurationError(f"{contract}.{function} is not one function in the shipped ABI ({len(found)} found)")
    return found[0]


def _struct_name(internal_type: str) -> str:
    """``struct IApplicationLedger.Application[]`` -> ``Application``."""
    return internal_type.removeprefix("struct ").split(".")[-1].split("[")[0]


def _walk(items: Iterable[dict[str, Any]]) -> Iterable[dict[str, Any]]:
    for item in items:
        yield item
        yield from _walk(item.get("components", ()))


@cache
def struct_components(contract: str, struct: str) -> tuple[dict[str, Any], ...]:
    """The components of the struct ``struct`` as ``contract``'s ABI describes it (in any function)."""
    for entry in load_artifact(contract).abi:
        for item in _walk([*entry.get("inputs", ()), *entry.get("outputs", ())]):
            if item.get("type", "").startswith("tuple") and _struct_name(item.get("internalType", "")) == struct:
                return tuple(item["components"])
    raise ConfigurationError(f"the shipped ABI of {contract} uses no struct {struct}")


def abi_type(item: Mapping[str, Any]) -> str:
    """The canonical ABI type of a parameter: ``(bytes32,uint8,uint32)[]`` for a struct array."""
    kind = str(item["type"])
    if not kind.startswith("tuple"):
        return kind
    return "(" + ",".join(abi_type(c) for c in item["components"]) + ")" + kind.removeprefix("tuple")


def eip712_fields(contract: str, struct: str) -> list[dict[str, str]]:
    """The EIP-712 member list of a struct that a contract hashes as it declares it (flat structs only)."""
    fields = []
    for component in struct_components(contract, struct):
        if component["type"].startswith("tuple"):
            raise ConfigurationError(f"{struct}.{component['name']} is a struct: write its EIP-712 type by hand")
        fields.append({"name": component["name"], "type": component["type"]})
    return fields


def by_name(contract: str, struct: str, values: Mapping[str, Any]) -> tuple[Any, ...]:
    """The tuple of ``struct`` from ``{component name: value}``, in the ABI's order; every component
    must be given, and nothing else."""
    names = [c["name"] for c in struct_components(contract, struct)]
    if set(values) != set(names):
        raise ConfigurationError(f"{contract}.{struct} takes {sorted(names)}; got {sorted(values)}")
    return tuple(values[name] for name in names)


def named(contract: str, function: str, result: Any) -> dict[str, Any]:
    """The result of a call as ``{output or component name: raw value}``.

    A function with one struct output gives that struct's components; one with several outputs gives
    the outputs by name.
    """
    outputs = function_abi(contract, function)["outputs"]
    if len(outputs) == 1 and outputs[0]["type"] == "tuple":
        outputs, result = outputs[0]["components"], result
    elif len(outputs) == 1:
        result = (result,)
    names = [o["name"] for o in outputs]
    if "" in names or len(result) != len(names):
        raise ConfigurationError(f"{contract}.{function} has unnamed outputs or returned {len(result)} values")
    return dict(zip(names, result, strict=True))


class StructCodec(Generic[T]):
    """One dataclass bound to one ABI struct, by field names.

    ``renames`` maps a field to a component whose name is not the field's in camelCase; ``omitted``
    names components the dataclass does not carry; ``converters`` decode a component for a field whose
    type alone does not say how (for example a status kept as a word).
    """

    def __init__(
        self,
        model: type[T],
        contract: str,
        struct: str,
        *,
        renames: Mapping[str, str] | None = None,
        omitted: Iterable[str] = (),
        converters: Mapping[str, Converter] | None = None,
    ) -> None:
        if not dataclasses.is_dataclass(model):
            raise TypeError(f"{model.__name__} is not a dataclass")
        self.model = model
        self.contract = contract
        self.struct = struct
        self.renames = dict(renames or {})
        self.omitted = frozenset(omitted)
        self.converters = dict(converters or {})

    @cached_property
    def components(self) -> tuple[dict[str, Any], ...]:
        return struct_components(self.contract, self.struct)

    @cached_property
    def fields(self) -> dict[str, dict[str, Any]]:
        """Field name -> the ABI component it reads from, for every component not omitted.

        Raises :class:`~zhangdian_sdk.core.errors.ConfigurationError` when a component has no field."""
        by_component = {self.renames.get(f.name, camel(f.name)): f.name for f in dataclasses.fields(self.model)}  # type: ignore[arg-type]
        mapped: dict[str, dict[str, Any]] = {}
        for component in self.components:
            name = component["name"]
            if name in self.omitted:
                continue
            if name not in by_component:
                raise ConfigurationError(
                    f"{self.contract}.{self.struct}.{name} has no field in {self.model.__name__}: "
                    "add one, rename one, or list it as omitted"
                )
            mapped[by_component[name]] = component
        return mapped

    @cached_property
    def hints(self) -> dict[str, Any]:
        return typing.get_type_hints(self.model)

    def decode(self, record: Sequence[Any], **extra: Any) -> T:
        """The dataclass from a tuple as the contract returns it; ``extra`` fills fields the struct lacks."""
        values = dict(zip((c["name"] for c in self.components), record, strict=True))
        kwargs: dict[str, Any] = {}
        for field_name, component in self.fields.items():
            raw = values[component["name"]]
            convert = self.converters.get(field_name)
            kwargs[field_name] = convert(raw) if convert else _decode(self.hints[field_name], component, raw)
        return self.model(**kwargs, **extra)

    def encode(self, value: T) -> tuple[Any, ...]:
        """The tuple the contract takes for ``value`` (every component must have a field)."""
        if self.omitted:
            raise ConfigurationError(
                f"{self.struct} cannot be encoded from {self.model.__name__}: it omits {sorted(self.omitted)}"
            )
        by_component = {c["name"]: f for f, c in self.fields.items()}
        return tuple(
            _encode(self.hints[by_component[c["name"]]], c, getattr(value, by_component[c["name"]]))
            for c in self.components
        )


def _optional(hint: Any) -> Any | None:
    """``X`` of ``X | None``; None for any other type."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        args = [a for a in typing.get_args(hint) if a is not type(None)]
        if len(args) == 1 and len(typing.get_args(hint)) == 2:
            return args[0]
    return None


def _element(component: Mapping[str, Any]) -> dict[str, Any]:
    """The component of one element of an array component."""
    return {**component, "type": component["type"][: component["type"].rindex("[")]}


def _is_zero(raw: Any) -> bool:
    if isinstance(raw, bytes | bytearray):
        return not any(raw)
    if isinstance(raw, str):
        return int(raw, 16) == 0
    return not raw


def _decode(hint: Any, component: Mapping[str, Any], raw: Any) -> Any:
    inner = _optional(hint)
    if inner is not None:
        return None if _is_zero(raw) else _decode(inner, component, raw)
    kind = component["type"]
    if kind.endswith("]"):
        (element_hint,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
        return tuple(_decode(element_hint, _element(component), item) for item in raw)
    if kind == "tuple":
        values = dict(zip((c["name"] for c in component["components"]), raw, strict=True))
        hints = typing.get_type_hints(hint)
        return hint(
            **{
                f.name: _decode(hints[f.name], _component(component, f.name), values[camel(f.name)])
                for f in dataclasses.fields(hint)
            }
        )
    if hint is datetime:
        return timestamp_to_datetime(int(raw))
    if isinstance(hint, type) and issubclass(hint, IntEnum):
        return hint(int(raw))
    if hint is bool:
        return bool(raw)
    if hint is int:
        return int(raw)
    if hint is bytes:
        return bytes(raw)
    if hint is str:
        if kind == "bytes32":
            return bytes32_to_code(raw)
        if kind == "address":
            return str(to_checksum_address(raw))
        if _fixed_bytes(kind):
            return bytes(raw).rstrip(b"\0").decode("ascii")
        return str(raw)
    raise ConfigurationError(f"cannot decode {kind} {component['name']} into {hint}")


def _component(component: Mapping[str, Any], field_name: str) -> dict[str, Any]:
    for item in component["components"]:
        if item["name"] == camel(field_name):
            return dict(item)
    raise ConfigurationError(f"{component.get('internalType')} has no component {camel(field_name)}")


def _encode(hint: Any, component: Mapping[str, Any], value: Any) -> Any:
    kind = component["type"]
    inner = _optional(hint)
    if inner is not None:
        if value is None:
            return _ZERO_ADDRESS if kind == "address" else bytes(32) if kind.startswith("bytes") else 0
        return _encode(inner, component, value)
    if kind.endswith("]"):
        (element_hint,) = {a for a in typing.get_args(hint) if a is not Ellipsis}
        return [_encode(element_hint, _element(component), item) for item in value]
    if kind == "tuple":
        hints = typing.get_type_hints(type(value))
        by_component = {camel(f.name): f.name for f in dataclasses.fields(value)}
        return tuple(
            _encode(hints[by_component[c["name"]]], c, getattr(value, by_component[c["name"]]))
            for c in component["components"]
        )
    if isinstance(value, datetime):
        return int(value.timestamp())
    if isinstance(value, IntEnum):
        return int(value)
    if isinstance(value, str) and kind == "bytes32":
        return code_to_bytes32(value)
    if isinstance(value, str) and _fixed_bytes(kind):
        return value.encode("ascii").ljust(int(kind.removeprefix("bytes")), b"\0")
    return value


def _fixed_bytes(kind: str) -> bool:
    """Whether ``kind`` is a fixed-size ``bytesN`` other than a bytes32 code (e.g. a bytes18 credit code,
    ASCII text left-aligned)."""
    return kind.startswith("bytes") and kind.removeprefix("bytes").isdigit() and kind != "bytes32"
