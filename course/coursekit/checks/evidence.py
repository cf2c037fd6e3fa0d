"""Evidence: what a check's calls did, written into the test cell's output for the grader.

While grading (the grading kernel sets COURSEKIT_GRADING=1), every `FunctionCheck` call runs all
its cases and displays one evidence bundle under the MIME type `MIME`: the check's suite and name,
whether the hidden cases ran, and per case the student's output, the error, the warnings and the
arguments as they were after the call. The grader decodes the bundle in its own process, rebuilds
the cases from the check's name, recomputes the expected values with the reference and judges
there (see coursekit.grading.verify), so nothing the student does to the kernel's numpy, builtins
or coursekit can change a verdict. Outside grading nothing is displayed.

Values are encoded losslessly as JSON: arrays as dtype + shape + base64 bytes, non-finite floats,
tuples, dicts and NumPy scalars under one-key markers such as {"$tuple": [...]}. Anything else
(a function, a generator, an object) is kept only as its type name. `decode` rejects whatever
`encode` could not have produced.
"""
from __future__ import annotations

import math
import os
import re
from base64 import b64decode, b64encode
from typing import Any

import numpy as np

MIME = "application/vnd.coursekit.evidence+json"
VERSION = 1
GRADING_ENV = "COURSEKIT_GRADING"
MAX_ARRAY_BYTES = 8 * 2**20
MAX_DEPTH = 16
MAX_ITEMS = 100_000

# Bound when this module is imported: the grading kernel imports it before any student code runs,
# so a notebook that later reassigns np.ascontiguousarray or base64.b64encode changes nothing here.
_contiguous, _asarray = np.ascontiguousarray, np.asarray
_ndarray, _generic, _dtype, _frombuffer = np.ndarray, np.generic, np.dtype, np.frombuffer
_publish = None


class MalformedEvidence(ValueError):
    """An evidence bundle that `encode` could not have produced."""


class Opaque:
    """Stands in for a value that is not data (a function, a generator, ...); the class name is
    the original type's name, so messages read "returned a generator"."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__}>"


def grading() -> bool:
    """True inside the grading kernel."""
    return os.environ.get(GRADING_ENV) == "1"


def arm() -> None:
    """Bind the kernel's display publisher now, before any student code can replace it."""
    global _publish
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        _publish = shell.display_pub.publish


def emit(check: Any, hidden: bool, cases: list, records: list, arg_names: list) -> None:
    """Display the evidence bundle of one check call; arg_names[i] names case i's positional
    arguments as the student's function calls them (for messages only)."""
    bundle = {
        "version": VERSION,
        "suite": check.suite,
        "check": check.name,
        "hidden": bool(hidden),
        "records": [encode_record(i, case, record, names) for i, (case, record, names) in
                    enumerate(zip(cases, records, arg_names))],
    }
    kind = "hidden " if hidden else ""
    data = {MIME: bundle,
            "text/plain": f"[{check.name}: {len(records)} {kind}test results recorded for the grader]"}
    publish = _publish
    if publish is None:
        from IPython.display import publish_display_data as publish
    publish(data=data)


def encode_record(index: int, case: Any, record: Any, arg_names: list) -> dict:
    """One case's record as JSON data (the arguments as they were after the call included)."""
    args, kwargs = record.after if record.after else ((), {})
    return {
        "index": index,
        "label": case.label,
        "arg_names": [str(n) for n in arg_names],
        "output": encode(record.output),
        "error": record.error,
        "warnings": [str(w) for w in record.warnings],
        "args_after": [encode(a) for a in args],
        "kwargs_after": {str(k): encode(v) for k, v in kwargs.items()},
    }


def encode(value: Any, depth: int = 0) -> Any:
    """`value` as JSON data that `decode` turns back into an equal value."""
    try:
        return _encode(value, depth)
    except Exception:  # a value whose methods raise is still a finding, kept as its type name
        return {"$opaque": _type_name(value)}


def _encode(value: Any, depth: int) -> Any:
    kind = type(value)
    if value is None or kind in (bool, str):
        return value
    if kind is int:
        return value
    if kind is float:
        return value if math.isfinite(value) else {"$float": repr(value)}
    if kind is complex:
        return {"$complex": [_encode(value.real, depth), _encode(value.imag, depth)]}
    if isinstance(value, _ndarray):
        return _encode_array(value, depth)
    if isinstance(value, _generic):
        return _encode_scalar(value)
    if depth >= MAX_DEPTH:
        return {"$opaque": _type_name(value)}
    if kind in (list, tuple) and len(value) <= MAX_ITEMS:
        items = [_encode(v, depth + 1) for v in value]
        return items if kind is list else {"$tuple": items}
    if kind is dict and len(value) <= MAX_ITEMS and all(type(k) is str for k in value):
        return {"$dict": {k: _encode(v, depth + 1) for k, v in value.items()}}
    return {"$opaque": _type_name(value)}


def _encode_array(value: np.ndarray, depth: int) -> dict:
    if value.dtype.kind in "biufc" and value.nbytes <= MAX_ARRAY_BYTES:
        return {"$ndarray": {"dtype": value.dtype.str, "shape": list(value.shape),
                             "data": b64encode(_contiguous(value).tobytes()).decode("ascii")}}
    if value.dtype.kind == "O" and value.size <= MAX_ITEMS and depth < MAX_DEPTH:
        return {"$objarray": {"shape": list(value.shape),
                              "items": [_encode(v, depth + 1) for v in value.ravel().tolist()]}}
    return {"$opaque": "ndarray"}


def _encode_scalar(value: np.generic) -> dict:
    dtype = value.dtype
    if dtype.kind not in "biufc":
        return {"$opaque": _type_name(value)}
    data = _contiguous(_asarray(value)).tobytes()
    return {"$scalar": {"dtype": dtype.str, "data": b64encode(data).decode("ascii")}}


def _type_name(value: Any) -> str:
    return type(value).__name__


def decode(data: Any, depth: int = 0) -> Any:
    """The value `encode` was given; MalformedEvidence for anything it could not have produced."""
    if depth > MAX_DEPTH + 2:
        raise MalformedEvidence("nested too deeply")
    if data is None or type(data) in (bool, str, int):
        return data
    if type(data) is float:
        if not math.isfinite(data):
            raise MalformedEvidence("a bare non-finite float")
        return data
    if type(data) is list:
        return [decode(v, depth + 1) for v in data]
    if type(data) is not dict or len(data) != 1:
        raise MalformedEvidence(f"unexpected {type(data).__name__}")
    (marker, body), = data.items()
    decoder = _DECODERS.get(marker)
    if decoder is None:
        raise MalformedEvidence(f"unknown marker {marker!r}")
    return decoder(body, depth)


def _decode_float(body: Any, depth: int) -> float:
    if body not in ("nan", "inf", "-inf"):
        raise MalformedEvidence(f"bad float {body!r}")
    return float(body)


def _decode_complex(body: Any, depth: int) -> complex:
    if type(body) is not list or len(body) != 2:
        raise MalformedEvidence("bad complex")
    real, imag = (decode(v, depth + 1) for v in body)
    if type(real) is not float or type(imag) is not float:
        raise MalformedEvidence("bad complex")
    return complex(real, imag)


def _decode_tuple(body: Any, depth: int) -> tuple:
    if type(body) is not list:
        raise MalformedEvidence("bad tuple")
    return tuple(decode(v, depth + 1) for v in body)


def _decode_dict(body: Any, depth: int) -> dict:
    if type(body) is not dict:
        raise MalformedEvidence("bad dict")
    return {k: decode(v, depth + 1) for k, v in body.items()}


def _numeric_dtype(text: Any) -> np.dtype:
    if type(text) is not str or not re.fullmatch(r"[<>|=]?[biufc]\d{1,2}", text):
        raise MalformedEvidence(f"bad dtype {text!r}")
    dtype = np.dtype(text)
    if dtype.kind not in "biufc":
        raise MalformedEvidence(f"bad dtype {text!r}")
    return dtype


def _bytes(text: Any) -> bytes:
    if type(text) is not str:
        raise MalformedEvidence("bad data")
    try:
        return b64decode(text.encode("ascii"), validate=True)
    except ValueError as exc:
        raise MalformedEvidence(f"bad base64: {exc}") from None


def _shape(body: Any) -> tuple:
    shape = body.get("shape") if type(body) is dict else None
    if type(shape) is not list or len(shape) > 32 or not all(
            type(n) is int and 0 <= n <= 2**31 for n in shape):
        raise MalformedEvidence("bad shape")
    return tuple(shape)


def _decode_array(body: Any, depth: int) -> np.ndarray:
    shape = _shape(body)
    if set(body) != {"dtype", "shape", "data"}:
        raise MalformedEvidence("bad array")
    dtype, raw = _numeric_dtype(body["dtype"]), _bytes(body["data"])
    if len(raw) != math.prod(shape) * dtype.itemsize:
        raise MalformedEvidence("array data does not match its shape")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).copy()


def _decode_objarray(body: Any, depth: int) -> np.ndarray:
    shape = _shape(body)
    items = body.get("items")
    if set(body) != {"shape", "items"} or type(items) is not list or len(items) != math.prod(shape):
        raise MalformedEvidence("bad object array")
    out = np.empty(len(items), dtype=object)
    for i, item in enumerate(items):
        out[i] = decode(item, depth + 1)
    return out.reshape(shape)


def _decode_scalar(body: Any, depth: int) -> np.generic:
    if type(body) is not dict or set(body) != {"dtype", "data"}:
        raise MalformedEvidence("bad scalar")
    dtype, raw = _numeric_dtype(body["dtype"]), _bytes(body["data"])
    if len(raw) != dtype.itemsize:
        raise MalformedEvidence("scalar data does not match its dtype")
    return np.frombuffer(raw, dtype=dtype)[0]


def _decode_opaque(body: Any, depth: int) -> Opaque:
    if type(body) is not str or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,63}", body):
        raise MalformedEvidence("bad opaque type name")
    return type(body, (Opaque,), {})()


_DECODERS = {
    "$float": _decode_float,
    "$complex": _decode_complex,
    "$tuple": _decode_tuple,
    "$dict": _decode_dict,
    "$ndarray": _decode_array,
    "$objarray": _decode_objarray,
    "$scalar": _decode_scalar,
    "$opaque": _decode_opaque,
}
