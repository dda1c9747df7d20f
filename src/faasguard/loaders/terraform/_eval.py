"""Evaluate HCL expressions offline.

Known values come out as Python values (objects and tuples as nodes that
keep their lines); what cannot be decided here comes out as an
:class:`~faasguard.model.Unknown` with the reason, never as a guess.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Protocol

from faasguard.loaders._nodes import LDict, LList
from faasguard.loaders.terraform import _hcl as h
from faasguard.loaders.terraform._values import (
    EvalError,
    JsonDoc,
    LStr,
    intrinsic,
    is_intrinsic,
    to_text,
)
from faasguard.model import ExternalRef, SourceLine, Unknown

__all__ = ["Context", "Scope", "get_step"]

#: the most elements a ``for`` expression or ``range`` may produce before the value is unknown
MAX_ITEMS = 10_000
_DEPTH = 120


class Scope(Protocol):
    """What an expression can refer to by name (a module instance)."""

    def root(self, name: str, line: int) -> Any:
        """The value of the top-level name ``name`` (``var``, ``local``, a resource type ...)."""


class Context:
    """One evaluation place: a scope, the file being read, and the local names in force."""

    __slots__ = ("depth", "env", "file", "functions", "scope")

    def __init__(
        self,
        scope: Scope,
        file: str,
        functions: Mapping[str, Callable[..., Any]],
        env: Mapping[str, Any] | None = None,
    ) -> None:
        self.scope = scope
        self.file = file
        self.functions = functions
        self.env: dict[str, Any] = dict(env or {})
        self.depth = 0

    def with_env(self, **names: Any) -> Context:
        """The same context with more local names (loop variables, iterators)."""
        out = Context(self.scope, self.file, self.functions, self.env)
        out.env.update(names)
        out.depth = self.depth
        return out

    def line(self, line: int) -> SourceLine:
        return SourceLine(line, self.file)

    # -- entry -----------------------------------------------------------

    def eval(self, expr: Any) -> Any:
        """The value of ``expr``; errors Terraform would report become unknowns."""
        try:
            return self.strict(expr)
        except EvalError as exc:
            return Unknown(str(exc))
        except RecursionError:
            return Unknown("expression nested too deeply")

    def strict(self, expr: Any) -> Any:
        """The value of ``expr``; raises :class:`EvalError` where Terraform would fail."""
        self.depth += 1
        try:
            if self.depth > _DEPTH:
                raise EvalError("expression nested too deeply")
            return self._eval(expr)
        finally:
            self.depth -= 1

    def _eval(self, e: Any) -> Any:
        if isinstance(e, h.Lit):
            if isinstance(e.value, str):
                return LStr(e.value, self.line(e.line))
            return e.value
        if isinstance(e, h.Ref):
            return self._ref(e)
        if isinstance(e, h.Tmpl):
            return self._template(e)
        if isinstance(e, h.Obj):
            out = LDict(line=self.line(e.line))
            for key_expr, value_expr, line in e.items:
                key = self.strict(key_expr)
                if isinstance(key, Unknown):
                    return Unknown(f"an object key is not known ({key.reason})")
                key = to_text(key)
                if is_intrinsic(key):
                    return Unknown("an object key known only after apply")
                out[str(key)] = self.strict(value_expr)
                out.lines[str(key)] = self.line(line)
            return out
        if isinstance(e, h.Tup):
            items = LList(line=self.line(e.line))
            for item in e.items:
                items.append(self.strict(item))
                items.lines.append(self.line(getattr(item, "line", e.line)))
            return items
        if isinstance(e, h.Call):
            return self._call(e)
        if isinstance(e, h.Cond):
            cond = self.strict(e.cond)
            if isinstance(cond, Unknown) or is_intrinsic(cond):
                then, other = self.eval(e.then), self.eval(e.other)
                if _same(then, other):
                    return then
                why = cond.reason if isinstance(cond, Unknown) else "known only after apply"
                return Unknown(f"condition not known ({why})")
            return self.strict(e.then if _truth(cond) else e.other)
        if isinstance(e, h.Bin):
            return self._binary(e)
        if isinstance(e, h.Un):
            value = self.strict(e.operand)
            if isinstance(value, Unknown) or is_intrinsic(value):
                return value if isinstance(value, Unknown) else Unknown("known only after apply")
            if e.op == "!":
                return not _truth(value)
            return -_number(value)
        if isinstance(e, h.For):
            return self._for(e)
        raise EvalError(f"unsupported expression {type(e).__name__}")

    # -- references ------------------------------------------------------

    def _ref(self, e: h.Ref) -> Any:
        if isinstance(e.root, str):
            value = self.env[e.root] if e.root in self.env else self.scope.root(e.root, e.line)
        else:
            value = self.strict(e.root)
        steps = e.steps
        for i, (kind, arg) in enumerate(steps):
            if kind == "splat":
                return self._splat(value, steps[i + 1 :], e.line)
            key = arg if kind == "attr" else self.strict(arg)
            value = get_step(value, key, self.line(e.line))
        return value

    def _splat(self, value: Any, rest: tuple[tuple[str, Any], ...], line: int) -> Any:
        if isinstance(value, Unknown):
            return value
        if value is None:
            return LList(line=self.line(line))
        items = list(value.values()) if isinstance(value, dict) and not _is_object_value(value) else value
        if not isinstance(items, list):
            items = [items]
        out = LList(line=self.line(line))
        for item in items:
            current = item
            for kind, arg in rest:
                key = arg if kind == "attr" else self.strict(arg)
                current = get_step(current, key, self.line(line))
            out.append(current)
            out.lines.append(self.line(line))
        return out

    # -- templates -------------------------------------------------------

    def _template(self, e: h.Tmpl) -> Any:
        if len(e.parts) == 1 and not isinstance(e.parts[0], str | h.TmplIf | h.TmplFor):
            return self.strict(e.parts[0])  # "${x}" is x itself, of any type
        pieces = self._pieces(e.parts)
        if any(isinstance(p, Unknown) for p in pieces):
            return next(p for p in pieces if isinstance(p, Unknown))
        if any(is_intrinsic(p) for p in pieces):
            joined = LList(pieces, line=self.line(e.line))
            joined.lines = [self.line(e.line)] * len(pieces)
            args = LList([LStr("", self.line(e.line)), joined], line=self.line(e.line))
            args.lines = [self.line(e.line), self.line(e.line)]
            return intrinsic("Fn::Join", args, self.line(e.line))
        return LStr("".join(pieces), self.line(e.line))

    def _pieces(self, parts: tuple[Any, ...]) -> list[Any]:
        out: list[Any] = []
        for part in parts:
            if isinstance(part, str):
                out.append(part)
            elif isinstance(part, h.TmplIf):
                cond = self.strict(part.cond)
                if isinstance(cond, Unknown) or is_intrinsic(cond):
                    out.append(cond if isinstance(cond, Unknown) else Unknown("known only after apply"))
                else:
                    out.extend(self._pieces(part.then if _truth(cond) else part.other))
            elif isinstance(part, h.TmplFor):
                coll = self.strict(part.coll)
                if isinstance(coll, Unknown):
                    out.append(coll)
                    continue
                for k, v in _pairs(coll):
                    names = {part.value: v}
                    if part.key:
                        names[part.key] = k
                    out.extend(self.with_env(**names)._pieces(part.body))
            else:
                value = self.strict(part)
                if value is None:
                    raise EvalError("null value in a string template")
                out.append(to_text(value))
        # adjacent literal text joins; intrinsics and unknowns stay separate pieces
        merged: list[Any] = []
        for p in out:
            if isinstance(p, str) and merged and isinstance(merged[-1], str):
                merged[-1] = merged[-1] + p
            else:
                merged.append(p)
        return merged

    # -- operators -------------------------------------------------------

    def _binary(self, e: h.Bin) -> Any:
        op = e.op
        left = self.strict(e.left)
        if op in ("&&", "||"):
            if not isinstance(left, Unknown) and not is_intrinsic(left):
                if op == "&&" and not _truth(left):
                    return False
                if op == "||" and _truth(left):
                    return True
                right = self.strict(e.right)
                if isinstance(right, Unknown) or is_intrinsic(right):
                    return right if isinstance(right, Unknown) else Unknown("known only after apply")
                return _truth(right)
            right = self.strict(e.right)
            if not isinstance(right, Unknown) and not is_intrinsic(right):
                if op == "&&" and not _truth(right):
                    return False
                if op == "||" and _truth(right):
                    return True
            return left if isinstance(left, Unknown) else Unknown("known only after apply")
        right = self.strict(e.right)
        for side in (left, right):
            if isinstance(side, Unknown):
                return side
            if is_intrinsic(side):
                if op in ("==", "!=") and is_intrinsic(left) and is_intrinsic(right) and left == right:
                    return op == "=="
                return Unknown("compares a value known only after apply")
        if op == "==":
            return _equal(left, right)
        if op == "!=":
            return not _equal(left, right)
        a, b = _number(left), _number(right)
        if op == "+":
            return _num(a + b)
        if op == "-":
            return _num(a - b)
        if op == "*":
            return _num(a * b)
        if op == "/":
            if b == 0:
                raise EvalError("division by zero")
            return _num(a / b)
        if op == "%":
            if b == 0:
                raise EvalError("modulo by zero")
            return _num(a % b)
        if op == "<":
            return a < b
        if op == ">":
            return a > b
        if op == "<=":
            return a <= b
        if op == ">=":
            return a >= b
        raise EvalError(f"unknown operator {op}")

    # -- for expressions -------------------------------------------------

    def _for(self, e: h.For) -> Any:
        coll = self.strict(e.coll)
        if isinstance(coll, Unknown):
            return coll
        if is_intrinsic(coll):
            return Unknown("iterates over a value known only after apply")
        pairs = _pairs(coll)
        if len(pairs) > MAX_ITEMS:
            return Unknown(f"for expression over {len(pairs)} elements (more than {MAX_ITEMS})")
        line = self.line(e.line)
        out_obj = LDict(line=line)
        out_list = LList(line=line)
        for k, v in pairs:
            names = {e.value: v}
            if e.key:
                names[e.key] = k
            inner = self.with_env(**names)
            if e.cond is not None:
                keep = inner.strict(e.cond)
                if isinstance(keep, Unknown) or is_intrinsic(keep):
                    return Unknown("for expression filter not known")
                if not _truth(keep):
                    continue
            if e.is_object:
                key = inner.strict(e.key_expr)
                if isinstance(key, Unknown) or is_intrinsic(key):
                    return Unknown("for expression key not known")
                key = str(to_text(key))
                value = inner.strict(e.value_expr)
                if e.group:
                    group = out_obj.setdefault(key, LList(line=line))
                    group.append(value)
                    group.lines.append(line)
                else:
                    if key in out_obj:
                        raise EvalError(f"duplicate key {key!r} in for expression (use ... to group)")
                    out_obj[key] = value
                out_obj.lines[key] = line
            else:
                out_list.append(inner.strict(e.value_expr))
                out_list.lines.append(line)
        return out_obj if e.is_object else out_list

    # -- functions -------------------------------------------------------

    def _call(self, e: h.Call) -> Any:
        name = e.name.removeprefix("provider::terraform::")
        if name in ("try", "can"):
            return self._try(e, name)
        fn = self.functions.get(name)
        if fn is None:
            return Unknown(f"function {e.name}() is not evaluated")
        args = [self.strict(a) for a in e.args]
        if e.expand and args:
            last = args.pop()
            if isinstance(last, Unknown):
                return last
            if not isinstance(last, list):
                raise EvalError(f"{name}(...): expanding a non-list argument")
            args.extend(last)
        try:
            return fn(self, e.line, *args)
        except EvalError:
            raise
        except (TypeError, ValueError, KeyError, IndexError, AttributeError, OverflowError) as exc:
            raise EvalError(f"{name}(): {exc}") from exc

    def _try(self, e: h.Call, name: str) -> Any:
        for arg in e.args:
            try:
                value = self.strict(arg)
            except EvalError:
                if name == "can":
                    return False
                continue
            if isinstance(value, Unknown):
                return value
            return True if name == "can" else value
        if name == "can":
            return False
        raise EvalError("try(): no argument could be evaluated")


# --- helpers ---------------------------------------------------------------------------------------


def _is_object_value(value: Any) -> bool:
    """True for an object (attributes), False for a map of instances (for_each resources)."""
    return not getattr(value, "instances", False)


def get_step(value: Any, key: Any, line: SourceLine) -> Any:
    """``value.key`` / ``value[key]`` with Terraform's rules; unknown stays unknown."""
    if isinstance(value, ExternalRef) and value.source == "secretsmanager" and isinstance(key, str):
        if "#" not in value.key:  # a key selected from a JSON secret (jsondecode(...)["password"])
            return ExternalRef(value.reason, value.source, f"{value.key}#{key}")
        return value
    if isinstance(value, Unknown):
        return value
    if isinstance(key, Unknown):
        return key
    getter = getattr(value, "get_attr", None)
    if getter is not None:
        return getter(key, line)
    if isinstance(value, JsonDoc):
        value = value.value
    if is_intrinsic(value):
        return Unknown("an attribute of a value known only after apply")
    if isinstance(value, dict):
        k = to_text(key) if not isinstance(key, str) else key
        if k in value:
            return value[k]
        raise EvalError(f"no attribute or key {k!r}")
    if isinstance(value, list):
        try:
            index = int(key)
        except (TypeError, ValueError) as exc:
            raise EvalError(f"index {key!r} is not a number") from exc
        if 0 <= index < len(value):
            return value[index]
        raise EvalError(f"index {index} out of range (length {len(value)})")
    if value is None:
        raise EvalError(f"attribute {key!r} of a null value")
    raise EvalError(f"cannot take {key!r} of a {type(value).__name__}")


def _pairs(coll: Any) -> list[tuple[Any, Any]]:
    if isinstance(coll, JsonDoc):
        coll = coll.value
    if isinstance(coll, dict):
        return [(k, coll[k]) for k in sorted(coll)]
    if isinstance(coll, list):
        return list(enumerate(coll))
    if coll is None:
        raise EvalError("iterating over null")
    raise EvalError(f"cannot iterate over a {type(coll).__name__}")


def _truth(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value in ("true", "false"):
        return value == "true"
    if value is None:
        raise EvalError("null value as a condition")
    raise EvalError(f"{value!r} is not a bool")


def _number(value: Any) -> float | int:
    if isinstance(value, bool):
        raise EvalError("a bool is not a number")
    if isinstance(value, int | float):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                pass
    raise EvalError(f"{value!r} is not a number")


def _num(value: float) -> int | float:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return int(value)
    return value


def _equal(a: Any, b: Any) -> bool:
    if isinstance(a, bool) or isinstance(b, bool):
        return type(a) is type(b) and a == b
    if (isinstance(a, int | float) and isinstance(b, str)) or (
        isinstance(b, int | float) and isinstance(a, str)
    ):
        return False
    if isinstance(a, JsonDoc):
        a = a.value
    if isinstance(b, JsonDoc):
        b = b.value
    return bool(a == b)


def _same(a: Any, b: Any) -> bool:
    if isinstance(a, Unknown) or isinstance(b, Unknown):
        return False
    try:
        return type(a) is type(b) and bool(a == b)
    except Exception:
        return False
