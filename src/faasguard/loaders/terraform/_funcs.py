"""Terraform's built-in functions that can be evaluated offline.

Functions whose result depends on the moment or the machine (``timestamp``,
``uuid``), on file hashes, or on the network are not here: a call to them
is an unknown value.  ``file`` reads only inside the scanned root.
"""

from __future__ import annotations

import base64
import ipaddress
import json
import posixpath
import re
from collections.abc import Callable
from typing import Any

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform._values import EvalError, JsonDoc, LStr, is_intrinsic, plain, to_text
from faasguard.model import SourceLine, Unknown

__all__ = ["FUNCTIONS"]

Fn = Callable[..., Any]
FUNCTIONS: dict[str, Fn] = {}


def _fn(*names: str) -> Callable[[Fn], Fn]:
    def wrap(f: Fn) -> Fn:
        for name in names:
            FUNCTIONS[name] = f
        return f

    return wrap


def _unknown_in(*args: Any) -> Unknown | None:
    for a in args:
        if isinstance(a, Unknown):
            return a
        if is_intrinsic(a):
            return Unknown("an argument known only after apply")
    return None


def _list(ctx: Any, line: int, items: list[Any]) -> LList:
    out = LList(items, line=SourceLine(line, ctx.file))
    out.lines = [out.line] * len(items)
    return out


def _dict(ctx: Any, line: int, items: dict[str, Any]) -> LDict:
    out = LDict(items, line=SourceLine(line, ctx.file))
    out.lines = {k: getattr(items, "lines", {}).get(k, out.line) for k in items}
    return out


def _seq(value: Any, what: str) -> list[Any]:
    if isinstance(value, JsonDoc):
        value = value.value
    if isinstance(value, list):
        return value
    if value is None:
        raise EvalError(f"{what}: null is not a list")
    raise EvalError(f"{what}: not a list")


def _strict_text(value: Any) -> str:
    text = to_text(value)
    if not isinstance(text, str):
        raise EvalError("not a string")
    return text


# --- encoding --------------------------------------------------------------------------------------


@_fn("jsonencode")
def _jsonencode(ctx: Any, line: int, value: Any) -> Any:
    return JsonDoc(value)


@_fn("jsondecode")
def _jsondecode(ctx: Any, line: int, text: Any) -> Any:
    if isinstance(text, JsonDoc):
        return text.value
    bad = _unknown_in(text)
    if bad is not None:
        return bad
    from faasguard.loaders.terraform._json_text import decode

    return decode(_strict_text(text), getattr(text, "line", SourceLine(line, ctx.file)))


@_fn("yamlencode")
def _yamlencode(ctx: Any, line: int, value: Any) -> Any:
    data = plain(value)
    if isinstance(data, Unknown):
        return data
    import yaml

    return str(yaml.safe_dump(data, sort_keys=True))


@_fn("yamldecode")
def _yamldecode(ctx: Any, line: int, text: Any) -> Any:
    bad = _unknown_in(text)
    if bad is not None:
        return bad
    from faasguard.loaders._yaml import parse_yaml

    return parse_yaml(_strict_text(text), ctx.file, yaml12=True)


@_fn("base64encode")
def _b64e(ctx: Any, line: int, text: Any) -> Any:
    bad = _unknown_in(text)
    return bad if bad is not None else base64.b64encode(_strict_text(text).encode()).decode()


@_fn("base64decode")
def _b64d(ctx: Any, line: int, text: Any) -> Any:
    bad = _unknown_in(text)
    return bad if bad is not None else base64.b64decode(_strict_text(text)).decode("utf-8", "replace")


@_fn("md5", "sha1", "sha256", "sha512")
def _hash(ctx: Any, line: int, text: Any) -> Any:
    return Unknown("a hash value")


# --- collections -----------------------------------------------------------------------------------


@_fn("merge")
def _merge(ctx: Any, line: int, *maps: Any) -> Any:
    out = LDict(line=SourceLine(line, ctx.file))
    for m in maps:
        if m is None:
            continue
        if isinstance(m, JsonDoc):
            m = m.value
        if isinstance(m, Unknown):
            return m
        if not isinstance(m, dict) or is_intrinsic(m):
            raise EvalError("merge(): arguments must be maps or objects")
        for k, v in m.items():
            out[k] = v
            out.lines[k] = getattr(m, "lines", {}).get(k, out.line)
    return out


@_fn("concat")
def _concat(ctx: Any, line: int, *lists: Any) -> Any:
    out = LList(line=SourceLine(line, ctx.file))
    for items in lists:
        if isinstance(items, Unknown):
            return items
        seq = _seq(items, "concat()")
        lines = getattr(items, "lines", [])
        for i, v in enumerate(seq):
            out.append(v)
            out.lines.append(lines[i] if i < len(lines) else out.line)
    return out


@_fn("tolist", "toset")
def _tolist(ctx: Any, line: int, value: Any) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    items = _seq(value, "tolist()")
    if isinstance(value, LList):
        seen: list[Any] = []
        out = LList(line=value.line)
        for i, v in enumerate(items):
            try:
                if v in seen:
                    continue
            except TypeError:
                pass
            seen.append(v)
            out.append(v)
            out.lines.append(value.line_of(i))
        return out
    return _list(ctx, line, list(items))


@_fn("tomap")
def _tomap(ctx: Any, line: int, value: Any) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    if not isinstance(value, dict):
        raise EvalError("tomap(): not an object")
    return value


@_fn("tostring")
def _tostring(ctx: Any, line: int, value: Any) -> Any:
    return value if value is None else to_text(value)


@_fn("tonumber")
def _tonumber(ctx: Any, line: int, value: Any) -> Any:
    if isinstance(value, Unknown) or value is None:
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = _strict_text(value)
    return int(text) if re.fullmatch(r"-?\d+", text) else float(text)


@_fn("tobool")
def _tobool(ctx: Any, line: int, value: Any) -> Any:
    if isinstance(value, Unknown) or value is None or isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    raise EvalError(f"tobool(): {value!r} is not a bool")


@_fn("sensitive", "nonsensitive", "type")
def _identity(ctx: Any, line: int, value: Any) -> Any:
    return value


@_fn("lookup")
def _lookup(ctx: Any, line: int, m: Any, key: Any, *default: Any) -> Any:
    bad = _unknown_in(m, key)
    if bad is not None:
        return bad
    if isinstance(m, JsonDoc):
        m = m.value
    if not isinstance(m, dict):
        raise EvalError("lookup(): not a map")
    k = _strict_text(key)
    if k in m:
        return m[k]
    if default:
        return default[0]
    raise EvalError(f"lookup(): no key {k!r}")


@_fn("element")
def _element(ctx: Any, line: int, items: Any, index: Any) -> Any:
    bad = _unknown_in(items, index)
    if bad is not None:
        return bad
    seq = _seq(items, "element()")
    if not seq:
        raise EvalError("element(): empty list")
    return seq[int(index) % len(seq)]


@_fn("length")
def _length(ctx: Any, line: int, value: Any) -> Any:
    if isinstance(value, Unknown):
        return value
    if isinstance(value, JsonDoc):
        value = value.value
    if is_intrinsic(value):
        return Unknown("length of a value known only after apply")
    if isinstance(value, str | list | dict):
        return len(value)
    raise EvalError("length(): not a collection or string")


@_fn("keys")
def _keys(ctx: Any, line: int, m: Any) -> Any:
    if isinstance(m, Unknown):
        return m
    if not isinstance(m, dict):
        raise EvalError("keys(): not a map")
    return _list(ctx, line, [LStr(str(k), SourceLine(line, ctx.file)) for k in sorted(m)])


@_fn("values")
def _values(ctx: Any, line: int, m: Any) -> Any:
    if isinstance(m, Unknown):
        return m
    if not isinstance(m, dict):
        raise EvalError("values(): not a map")
    return _list(ctx, line, [m[k] for k in sorted(m)])


@_fn("contains")
def _contains(ctx: Any, line: int, items: Any, value: Any) -> Any:
    bad = _unknown_in(items, value)
    if bad is not None:
        return bad
    seq = _seq(items, "contains()")
    if any(isinstance(i, Unknown) or is_intrinsic(i) for i in seq):
        return Unknown("contains() over values not all known")
    return value in seq


@_fn("flatten")
def _flatten(ctx: Any, line: int, items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    out: list[Any] = []

    def walk(value: Any) -> None:
        for v in _seq(value, "flatten()"):
            if isinstance(v, list):
                walk(v)
            else:
                out.append(v)

    walk(items)
    return _list(ctx, line, out)


@_fn("distinct")
def _distinct(ctx: Any, line: int, items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    out: list[Any] = []
    for v in _seq(items, "distinct()"):
        if v not in out:
            out.append(v)
    return _list(ctx, line, out)


@_fn("compact")
def _compact(ctx: Any, line: int, items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    return _list(ctx, line, [v for v in _seq(items, "compact()") if v not in (None, "")])


@_fn("coalesce")
def _coalesce(ctx: Any, line: int, *values: Any) -> Any:
    for v in values:
        if isinstance(v, Unknown) or is_intrinsic(v):
            return v if isinstance(v, Unknown) else Unknown("coalesce() over a value known only after apply")
        if v not in (None, ""):
            return v
    raise EvalError("coalesce(): no non-empty argument")


@_fn("coalescelist")
def _coalescelist(ctx: Any, line: int, *values: Any) -> Any:
    for v in values:
        if isinstance(v, Unknown):
            return v
        if _seq(v, "coalescelist()"):
            return v
    raise EvalError("coalescelist(): no non-empty argument")


@_fn("one")
def _one(ctx: Any, line: int, items: Any) -> Any:
    if isinstance(items, Unknown):
        return items
    seq = _seq(items, "one()")
    if len(seq) > 1:
        raise EvalError("one(): more than one element")
    return seq[0] if seq else None


@_fn("zipmap")
def _zipmap(ctx: Any, line: int, keys: Any, values: Any) -> Any:
    bad = _unknown_in(keys, values)
    if bad is not None:
        return bad
    return _dict(
        ctx,
        line,
        {_strict_text(k): v for k, v in zip(_seq(keys, "zipmap()"), _seq(values, "zipmap()"), strict=False)},
    )


@_fn("range")
def _range(ctx: Any, line: int, *args: Any) -> Any:
    bad = _unknown_in(*args)
    if bad is not None:
        return bad
    nums = [int(a) for a in args]
    values = range(*nums)
    if len(values) > 10_000:
        return Unknown(f"range() of {len(values)} elements")
    return _list(ctx, line, list(values))


@_fn("slice")
def _slice(ctx: Any, line: int, items: Any, start: Any, end: Any) -> Any:
    bad = _unknown_in(items, start, end)
    return bad if bad is not None else _list(ctx, line, list(_seq(items, "slice()")[int(start) : int(end)]))


@_fn("reverse")
def _reverse(ctx: Any, line: int, items: Any) -> Any:
    bad = _unknown_in(items)
    return bad if bad is not None else _list(ctx, line, list(reversed(_seq(items, "reverse()"))))


@_fn("sort")
def _sort(ctx: Any, line: int, items: Any) -> Any:
    bad = _unknown_in(items)
    return (
        bad if bad is not None else _list(ctx, line, sorted(_strict_text(i) for i in _seq(items, "sort()")))
    )


@_fn("setunion")
def _setunion(ctx: Any, line: int, *sets: Any) -> Any:
    bad = _unknown_in(*sets)
    if bad is not None:
        return bad
    out: list[Any] = []
    for s in sets:
        for v in _seq(s, "setunion()"):
            if v not in out:
                out.append(v)
    return _list(ctx, line, out)


@_fn("setintersection")
def _setintersection(ctx: Any, line: int, first: Any, *rest: Any) -> Any:
    bad = _unknown_in(first, *rest)
    if bad is not None:
        return bad
    out = [
        v for v in _seq(first, "setintersection()") if all(v in _seq(r, "setintersection()") for r in rest)
    ]
    return _list(ctx, line, out)


@_fn("setsubtract")
def _setsubtract(ctx: Any, line: int, a: Any, b: Any) -> Any:
    bad = _unknown_in(a, b)
    if bad is not None:
        return bad
    return _list(ctx, line, [v for v in _seq(a, "setsubtract()") if v not in _seq(b, "setsubtract()")])


@_fn("index")
def _index(ctx: Any, line: int, items: Any, value: Any) -> Any:
    bad = _unknown_in(items, value)
    return bad if bad is not None else _seq(items, "index()").index(value)


@_fn("alltrue", "anytrue")
def _alltrue(ctx: Any, line: int, items: Any) -> Any:
    bad = _unknown_in(items)
    if bad is not None:
        return bad
    seq = _seq(items, "alltrue()")
    if any(isinstance(v, Unknown) for v in seq):
        return Unknown("alltrue()/anytrue() over unknown values")
    return all(v in (True, "true") for v in seq)


@_fn("sum")
def _sum(ctx: Any, line: int, items: Any) -> Any:
    bad = _unknown_in(items)
    return bad if bad is not None else sum(_seq(items, "sum()"))


@_fn("min")
def _min(ctx: Any, line: int, *nums: Any) -> Any:
    bad = _unknown_in(*nums)
    return bad if bad is not None else min(_numbers(nums, "min()"))


@_fn("max")
def _max(ctx: Any, line: int, *nums: Any) -> Any:
    bad = _unknown_in(*nums)
    return bad if bad is not None else max(_numbers(nums, "max()"))


def _numbers(values: tuple[Any, ...], what: str) -> list[float]:
    if not values:
        raise EvalError(f"{what}: no arguments")
    out = []
    for v in values:
        if isinstance(v, bool) or not isinstance(v, int | float):
            raise EvalError(f"{what}: {v!r} is not a number")
        out.append(v)
    return out


@_fn("ceil")
def _ceil(ctx: Any, line: int, n: Any) -> Any:
    import math

    bad = _unknown_in(n)
    return bad if bad is not None else math.ceil(_numbers((n,), "ceil()")[0])


@_fn("floor")
def _floor(ctx: Any, line: int, n: Any) -> Any:
    import math

    bad = _unknown_in(n)
    return bad if bad is not None else math.floor(_numbers((n,), "floor()")[0])


@_fn("pow")
def _pow(ctx: Any, line: int, a: Any, b: Any) -> Any:
    bad = _unknown_in(a, b)
    if bad is not None:
        return bad
    x, y = _numbers((a, b), "pow()")
    result = x**y
    return int(result) if isinstance(result, float) and result.is_integer() and abs(result) < 1e16 else result


@_fn("parseint")
def _parseint(ctx: Any, line: int, text: Any, base: Any) -> Any:
    bad = _unknown_in(text, base)
    return bad if bad is not None else int(_strict_text(text), int(base))


@_fn("setproduct")
def _setproduct(ctx: Any, line: int, *sets: Any) -> Any:
    bad = _unknown_in(*sets)
    if bad is not None:
        return bad
    import itertools

    lists = [_seq(s, "setproduct()") for s in sets]
    total = 1
    for items in lists:
        total *= len(items)
    if total > 10_000:
        return Unknown(f"setproduct() of {total} elements")
    return _list(ctx, line, [_list(ctx, line, list(combo)) for combo in itertools.product(*lists)])


@_fn("chunklist")
def _chunklist(ctx: Any, line: int, items: Any, size: Any) -> Any:
    bad = _unknown_in(items, size)
    if bad is not None:
        return bad
    seq, n = _seq(items, "chunklist()"), int(size)
    if n <= 0:
        return _list(ctx, line, [_list(ctx, line, list(seq))])
    return _list(ctx, line, [_list(ctx, line, list(seq[i : i + n])) for i in range(0, len(seq), n)])


@_fn("transpose")
def _transpose(ctx: Any, line: int, m: Any) -> Any:
    bad = _unknown_in(m)
    if bad is not None:
        return bad
    if not isinstance(m, dict):
        raise EvalError("transpose(): not a map")
    out: dict[str, list[Any]] = {}
    for key in sorted(m):
        for value in _seq(m[key], "transpose()"):
            out.setdefault(_strict_text(value), []).append(key)
    return _dict(ctx, line, {k: _list(ctx, line, v) for k, v in sorted(out.items())})


@_fn("matchkeys")
def _matchkeys(ctx: Any, line: int, values: Any, keys: Any, search: Any) -> Any:
    bad = _unknown_in(values, keys, search)
    if bad is not None:
        return bad
    wanted = _seq(search, "matchkeys()")
    pairs = zip(_seq(values, "matchkeys()"), _seq(keys, "matchkeys()"), strict=True)
    return _list(ctx, line, [v for v, k in pairs if k in wanted])


@_fn("abs")
def _abs(ctx: Any, line: int, n: Any) -> Any:
    bad = _unknown_in(n)
    return bad if bad is not None else abs(n)


# --- strings ---------------------------------------------------------------------------------------


def _text_fn(name: str, op: Callable[..., Any]) -> None:
    def f(ctx: Any, line: int, *args: Any) -> Any:
        bad = _unknown_in(*args)
        if bad is not None:
            return bad
        return op(
            *[_strict_text(a) if isinstance(a, str | int | float | bool | JsonDoc) else a for a in args]
        )

    FUNCTIONS[name] = f


_text_fn("lower", str.lower)
_text_fn("upper", str.upper)
_text_fn("title", str.title)
_text_fn("trimspace", str.strip)
_text_fn("chomp", lambda s: s.rstrip("\r\n"))
_text_fn("trim", lambda s, chars: s.strip(chars))
_text_fn("trimprefix", lambda s, p: s.removeprefix(p))
_text_fn("trimsuffix", lambda s, p: s.removesuffix(p))
_text_fn("startswith", lambda s, p: s.startswith(p))
_text_fn("endswith", lambda s, p: s.endswith(p))
_text_fn("strcontains", lambda s, p: p in s)
_text_fn("replace", lambda s, a, b: _replace(s, a, b))
_text_fn("substr", lambda s, off, n: s[int(off) :] if int(n) < 0 else s[int(off) : int(off) + int(n)])
_text_fn("basename", posixpath.basename)
_text_fn("dirname", posixpath.dirname)
_text_fn("abspath", lambda s: s)
_text_fn("strrev", lambda s: s[::-1])
_text_fn("cidrhost", lambda p, n: str(ipaddress.ip_network(p, strict=False)[int(n)]))
_text_fn("cidrnetmask", lambda p: str(ipaddress.ip_network(p, strict=False).netmask))


def _replace(s: str, a: str, b: str) -> str:
    if len(a) > 1 and a.startswith("/") and a.endswith("/"):
        return re.sub(a[1:-1], re.sub(r"\$\{?(\d+)\}?", r"\\\1", b), s)
    return s.replace(a, b)


@_fn("join")
def _join(ctx: Any, line: int, sep: Any, *lists: Any) -> Any:
    bad = _unknown_in(sep, *lists)
    if bad is not None:
        return bad
    items = [i for lst in lists for i in _seq(lst, "join()")]
    for i in items:
        if isinstance(i, Unknown) or is_intrinsic(i):
            return i if isinstance(i, Unknown) else Unknown("join() over a value known only after apply")
    return _strict_text(sep).join(_strict_text(i) for i in items)


@_fn("split")
def _split(ctx: Any, line: int, sep: Any, text: Any) -> Any:
    bad = _unknown_in(sep, text)
    return bad if bad is not None else _list(ctx, line, _strict_text(text).split(_strict_text(sep)))


@_fn("format")
def _format(ctx: Any, line: int, spec: Any, *args: Any) -> Any:
    bad = _unknown_in(spec, *args)
    if bad is not None:
        return bad
    values = list(args)

    def sub(m: re.Match[str]) -> str:
        verb = m.group(2)
        if verb == "%":
            return "%"
        if not values:
            raise EvalError("format(): too few arguments")
        v = values.pop(0)
        if verb == "q":
            return json.dumps(_strict_text(v))
        if verb in "dfeg" and not isinstance(v, int | float):
            v = float(_strict_text(v)) if verb != "d" else int(_strict_text(v))
        if verb in "dfeg":
            return str(("%" + m.group(1) + verb) % v)
        if verb == "v" and isinstance(v, dict | list | JsonDoc):
            data = plain(v)
            if isinstance(data, Unknown):
                raise EvalError("format(): unknown value")
            return json.dumps(data, separators=(",", ":"))
        text = _strict_text(v)
        return ("%" + m.group(1) + "s") % text

    return re.sub(r"%([-+ #0]*\d*(?:\.\d+)?)([a-z%])", sub, _strict_text(spec))


@_fn("formatlist")
def _formatlist(ctx: Any, line: int, spec: Any, *args: Any) -> Any:
    bad = _unknown_in(spec, *args)
    if bad is not None:
        return bad
    lengths = {len(a) for a in args if isinstance(a, list)}
    if len(lengths) > 1:
        raise EvalError("formatlist(): lists of different lengths")
    n = lengths.pop() if lengths else 1
    return _list(
        ctx,
        line,
        [_format(ctx, line, spec, *[a[i] if isinstance(a, list) else a for a in args]) for i in range(n)],
    )


@_fn("regex", "regexall")
def _regex(ctx: Any, line: int, pattern: Any, text: Any) -> Any:
    bad = _unknown_in(pattern, text)
    return bad if bad is not None else Unknown("regex() not evaluated")


@_fn("cidrsubnet")
def _cidrsubnet(ctx: Any, line: int, prefix: Any, newbits: Any, netnum: Any) -> Any:
    bad = _unknown_in(prefix, newbits, netnum)
    if bad is not None:
        return bad
    net = ipaddress.ip_network(_strict_text(prefix), strict=False)
    subnets = net.subnets(prefixlen_diff=int(newbits))
    for i, sub in enumerate(subnets):
        if i == int(netnum):
            return str(sub)
    raise EvalError("cidrsubnet(): network number out of range")


# --- files -----------------------------------------------------------------------------------------


@_fn("file")
def _file(ctx: Any, line: int, path: Any) -> Any:
    bad = _unknown_in(path)
    if bad is not None:
        return bad
    return ctx.scope.read_file(_strict_text(path), line)


@_fn("templatefile")
def _templatefile(ctx: Any, line: int, path: Any, variables: Any) -> Any:
    bad = _unknown_in(path, variables)
    if bad is not None:
        return bad
    return ctx.scope.render_template(ctx, _strict_text(path), variables, line)


@_fn("fileexists")
def _fileexists(ctx: Any, line: int, path: Any) -> Any:
    bad = _unknown_in(path)
    return bad if bad is not None else ctx.scope.file_exists(_strict_text(path))


@_fn("filebase64sha256", "filemd5", "filesha256", "filesha1", "filebase64", "fileset", "timestamp", "uuid")
def _unknowable(ctx: Any, line: int, *args: Any) -> Any:
    return Unknown("a value computed from files, time or randomness")
