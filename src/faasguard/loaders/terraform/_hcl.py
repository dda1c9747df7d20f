"""HCL (Terraform) source to a small syntax tree that keeps lines.

tree-sitter's HCL grammar does the parsing (it is fast, gives a position
for every node and recovers from syntax errors, so one broken block does
not hide the rest of a file); this module turns its concrete tree into
plain values: :class:`Body` with attributes and blocks, and expression
nodes the evaluator walks.  Nothing is evaluated here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from faasguard._comments import Comment

__all__ = [
    "Attr",
    "Bin",
    "Block",
    "Body",
    "Call",
    "Cond",
    "Expr",
    "For",
    "Lit",
    "Obj",
    "ParsedFile",
    "Ref",
    "Tmpl",
    "TmplFor",
    "TmplIf",
    "Tup",
    "Un",
    "parse_hcl",
]


# --- expressions -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Lit:
    """A literal number, bool, null or (escape-free) string."""

    value: Any
    line: int


@dataclass(frozen=True, slots=True)
class Tmpl:
    """A string template: literal text and interpolated expressions / directives."""

    parts: tuple[Any, ...]  # str | Expr | TmplIf | TmplFor
    line: int


@dataclass(frozen=True, slots=True)
class TmplIf:
    """``%{ if c }a%{ else }b%{ endif }`` inside a template."""

    cond: Any
    then: tuple[Any, ...]
    other: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class TmplFor:
    """``%{ for k, v in coll }...%{ endfor }`` inside a template."""

    key: str | None
    value: str
    coll: Any
    body: tuple[Any, ...]


@dataclass(frozen=True, slots=True)
class Ref:
    """A traversal: a root (variable, or any expression) followed by steps.

    A step is ``("attr", name)``, ``("index", expr)`` or ``("splat", None)``
    (the ``[*]``/``.*`` splat: the steps after it apply to each element).
    """

    root: Any  # str (a variable name) or an Expr
    steps: tuple[tuple[str, Any], ...]
    line: int


@dataclass(frozen=True, slots=True)
class Call:
    """A function call; ``expand`` when the last argument is followed by ``...``."""

    name: str
    args: tuple[Any, ...]
    expand: bool
    line: int


@dataclass(frozen=True, slots=True)
class Tup:
    """``[a, b]``."""

    items: tuple[Any, ...]
    line: int


@dataclass(frozen=True, slots=True)
class Obj:
    """``{k = v, ...}``: (key expression, value expression, line) items."""

    items: tuple[tuple[Any, Any, int], ...]
    line: int


@dataclass(frozen=True, slots=True)
class Cond:
    """``c ? a : b``."""

    cond: Any
    then: Any
    other: Any
    line: int


@dataclass(frozen=True, slots=True)
class Bin:
    """A binary operation."""

    op: str
    left: Any
    right: Any
    line: int


@dataclass(frozen=True, slots=True)
class Un:
    """``!x`` or ``-x``."""

    op: str
    operand: Any
    line: int


@dataclass(frozen=True, slots=True)
class For:
    """A ``for`` expression (tuple or object form)."""

    key: str | None
    value: str
    coll: Any
    key_expr: Any  # object form only
    value_expr: Any
    cond: Any
    is_object: bool
    group: bool
    line: int


Expr = Lit | Tmpl | Ref | Call | Tup | Obj | Cond | Bin | Un | For


# --- structure ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Attr:
    """``name = expr``."""

    name: str
    expr: Any
    line: int


@dataclass(slots=True)
class Body:
    """The attributes (by name) and nested blocks (in order) of a block or file."""

    attrs: dict[str, Attr] = field(default_factory=dict)
    blocks: list[Block] = field(default_factory=list)


@dataclass(slots=True)
class Block:
    """``type "label" ... { body }``."""

    type: str
    labels: tuple[str, ...]
    body: Body
    line: int


@dataclass(slots=True)
class ParsedFile:
    """One parsed ``.tf`` file: its body, syntax problems and suppression-marker comments."""

    body: Body
    problems: list[tuple[int, str]]
    comments: list[Comment]


# --- conversion ------------------------------------------------------------------------------------

_ESCAPES = {"n": "\n", "r": "\r", "t": "\t", '"': '"', "\\": "\\"}
_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{", re.S)
_HEREDOC_ESCAPE = re.compile(r"\$\$\{|%%\{")


def _unescape(text: str) -> str:
    def sub(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "$${":
            return "${"
        if token == "%%{":
            return "%{"
        code = m.group(1)
        if code[0] in "uU" and len(code) > 1:
            return chr(int(code[1:], 16))
        return _ESCAPES.get(code, token)

    return _ESCAPE.sub(sub, text) if ("\\" in text or "$${" in text or "%%{" in text) else text


_BINARY = frozenset({"==", "!=", "<", ">", "<=", ">=", "&&", "||", "+", "-", "*", "/", "%"})
_LANGUAGE: Any = None


def _parser() -> Any:
    global _LANGUAGE
    import tree_sitter
    import tree_sitter_hcl

    if _LANGUAGE is None:
        _LANGUAGE = tree_sitter.Language(tree_sitter_hcl.language())
    return tree_sitter.Parser(_LANGUAGE)


class _Converter:
    def __init__(self, src: bytes) -> None:
        self.src = src
        self.problems: list[tuple[int, str]] = []
        self.comments: list[Comment] = []
        self.want_comments = b"faasguard" in src

    def text(self, node: Any) -> str:
        return self.src[node.start_byte : node.end_byte].decode("utf-8", "replace")

    def error(self, node: Any) -> None:
        line = node.start_point[0] + 1
        if node.is_missing:
            self.problems.append((line, f"syntax error: missing {node.type!r}"))
        else:
            shown = self.text(node).strip().splitlines()
            near = f" near {shown[0][:40]!r}" if shown else ""
            self.problems.append((line, f"syntax error{near}"))

    def comment(self, node: Any) -> None:
        if not self.want_comments:
            return
        raw = self.text(node)
        line = node.start_point[0] + 1
        if raw.startswith("#"):
            body = raw[1:]
        elif raw.startswith("//"):
            body = raw[2:]
        else:
            body = raw[2:-2] if raw.endswith("*/") else raw[2:]
        start = self.src.rfind(b"\n", 0, node.start_byte) + 1
        own = not self.src[start : node.start_byte].strip()
        self.comments.append(Comment(line, body.strip(), own))

    # structure

    def body(self, node: Any) -> Body:
        out = Body()
        for child in node.children:
            kind = child.type
            if kind == "attribute":
                attr = self.attribute(child)
                if attr is not None:
                    if attr.name in out.attrs:
                        self.problems.append(
                            (
                                attr.line,
                                f"attribute {attr.name!r} defined twice (first on line "
                                f"{out.attrs[attr.name].line})",
                            )
                        )
                    out.attrs[attr.name] = attr
            elif kind == "block":
                block = self.block(child)
                if block is not None:
                    out.blocks.append(block)
            elif kind == "comment":
                self.comment(child)
            elif kind == "ERROR" or child.is_missing:
                self.error(child)
                self._comments_in(child)
        return out

    def _comments_in(self, node: Any) -> None:
        for child in node.children:
            if child.type == "comment":
                self.comment(child)
            else:
                self._comments_in(child)

    def attribute(self, node: Any) -> Attr | None:
        name = None
        expr: Any = None
        for child in node.children:
            if child.type == "identifier" and name is None:
                name = self.text(child)
            elif child.type == "expression":
                expr = self.expr(child)
            elif child.type == "comment":
                self.comment(child)
            elif child.type == "ERROR" or child.is_missing:
                self.error(child)
        if name is None or expr is None:
            return None
        return Attr(name, expr, node.start_point[0] + 1)

    def block(self, node: Any) -> Block | None:
        kind = None
        labels: list[str] = []
        body = Body()
        for child in node.children:
            t = child.type
            if t == "identifier":
                if kind is None:
                    kind = self.text(child)
                else:
                    labels.append(self.text(child))
            elif t == "string_lit":
                labels.append(_unescape(self._string_literal(child)))
            elif t == "body":
                body = self.body(child)
            elif t == "comment":
                self.comment(child)
            elif t == "ERROR" or child.is_missing:
                self.error(child)
        if kind is None:
            return None
        return Block(kind, tuple(labels), body, node.start_point[0] + 1)

    def _string_literal(self, node: Any) -> str:
        """The raw text between the quotes (the grammar's literal nodes drop surrounding blanks)."""
        start = next((c for c in node.children if c.type == "quoted_template_start"), None)
        end = next((c for c in node.children if c.type == "quoted_template_end"), None)
        if start is None or end is None:
            return "".join(self.text(c) for c in node.children if c.type == "template_literal")
        return self.src[start.end_byte : end.start_byte].decode("utf-8", "replace")

    # expressions

    def expr(self, node: Any) -> Any:
        line = node.start_point[0] + 1
        t = node.type
        if t == "expression":
            for c in node.children:
                if c.type == "comment":
                    self.comment(c)
            return self.term([c for c in node.children if c.type != "comment"], line)
        if t == "literal_value":
            return self.literal(node.children[0], line)
        if t == "collection_value":
            return self.expr(node.children[0])
        if t == "tuple":
            return Tup(tuple(self.expr(c) for c in node.children if c.type == "expression"), line)
        if t == "object":
            items = []
            for c in node.children:
                if c.type == "object_elem":
                    parts = [x for x in c.children if x.type == "expression"]
                    if len(parts) == 2:
                        key = self.expr(parts[0])
                        if isinstance(key, Ref) and isinstance(key.root, str) and not key.steps:
                            key = Lit(key.root, key.line)  # a bare word is a literal key
                        elif isinstance(key, Ref) and isinstance(key.root, Ref):
                            key = key.root  # (expr) keys: the parenthesised value
                        items.append((key, self.expr(parts[1]), c.start_point[0] + 1))
                elif c.type == "ERROR":
                    self.error(c)
            return Obj(tuple(items), line)
        if t == "template_expr":
            return self.template(node.children[0], line)
        if t == "function_call":
            return self.call(node, line)
        if t == "conditional":
            parts = [self.expr(c) for c in node.children if c.type == "expression"]
            if len(parts) != 3:
                return Lit(None, line)
            return Cond(parts[0], parts[1], parts[2], line)
        if t == "operation":
            return self.expr(node.children[0])
        if t == "binary_operation":
            kids = [c for c in node.children if c.type != "comment"]
            at = next((i for i, c in enumerate(kids) if not c.is_named and c.type in _BINARY), -1)
            if at <= 0:
                return Lit(None, line)
            return Bin(kids[at].type, self.term(kids[:at], line), self.term(kids[at + 1 :], line), line)
        if t == "unary_operation":
            kids = [c for c in node.children if c.type != "comment"]
            return Un(kids[0].type, self.term(kids[1:], line), line)
        if t == "variable_expr":
            return Ref(self.text(node), (), line)
        if t == "for_expr":
            return self.for_expr(node.children[0], line)
        if t in ("ERROR",):
            self.error(node)
            return Lit(None, line)
        # a literal or anything unexpected: keep its text as an unknown-free literal string
        return Lit(self.text(node), line)

    def term(self, children: list[Any], line: int) -> Any:
        """A primary expression followed by attribute/index/splat steps."""
        if not children:
            return Lit(None, line)
        head = children[0]
        if head.type == "(":
            base = self.expr(children[1])
            rest = children[3:]
        elif head.type == "variable_expr":
            base = self.text(head)
            rest = children[1:]
        else:
            base = self.expr(head)
            rest = children[1:]
        steps: list[tuple[str, Any]] = []
        for c in rest:
            self._steps(c, steps)
        if isinstance(base, str) or steps:
            return Ref(base, tuple(steps), line)
        return base

    def _steps(self, node: Any, steps: list[tuple[str, Any]]) -> None:
        t = node.type
        if t == "get_attr":
            ident = [c for c in node.children if c.type == "identifier"]
            steps.append(("attr", self.text(ident[0]) if ident else ""))
        elif t == "index":
            inner = node.children[0]
            if inner.type == "legacy_index":  # a.0
                text = self.text(inner).lstrip(".")
                steps.append(("index", Lit(int(text) if text.isdigit() else text, inner.start_point[0] + 1)))
            else:
                exprs = [c for c in inner.children if c.type == "expression"]
                steps.append(("index", self.expr(exprs[0]) if exprs else Lit(None, 0)))
        elif t == "splat":
            steps.append(("splat", None))
            for c in node.children[0].children:
                if c.type in ("get_attr", "index"):
                    self._steps(c, steps)

    def literal(self, node: Any, line: int) -> Any:
        t = node.type
        raw = self.text(node)
        if t == "numeric_lit":
            try:
                return Lit(int(raw), line)
            except ValueError:
                try:
                    return Lit(float(raw), line)
                except ValueError:
                    return Lit(raw, line)
        if t == "bool_lit":
            return Lit(raw == "true", line)
        if t == "null_lit":
            return Lit(None, line)
        if t == "string_lit":
            return Lit(_unescape(self._string_literal(node)), line)
        return Lit(raw, line)

    def call(self, node: Any, line: int) -> Call:
        name = ""
        args: list[Any] = []
        expand = False
        for c in node.children:
            if c.type == "identifier":
                name = name + self.text(c) if name else self.text(c)
            elif c.type == "::":
                name += "::"
            elif c.type == "function_arguments":
                for a in c.children:
                    if a.type == "expression":
                        args.append(self.expr(a))
                    elif a.type == "expand_or_comma" or self.text(a) == "...":
                        expand = expand or self.text(a) == "..."
        return Call(name, tuple(args), expand, line)

    def for_expr(self, node: Any, line: int) -> For:
        is_object = node.type == "for_object_expr"
        intro = next(c for c in node.children if c.type == "for_intro")
        idents = [self.text(c) for c in intro.children if c.type == "identifier"]
        coll = self.expr(next(c for c in intro.children if c.type == "expression"))
        key, value = (idents[0], idents[1]) if len(idents) == 2 else (None, idents[0] if idents else "_")
        exprs = [c for c in node.children if c.type == "expression"]
        cond_node = next((c for c in node.children if c.type == "for_cond"), None)
        cond = None
        if cond_node is not None:
            cond = self.expr(next(c for c in cond_node.children if c.type == "expression"))
        group = any(c.type == "ellipsis" or self.text(c) == "..." for c in node.children)
        if is_object and len(exprs) >= 2:
            return For(key, value, coll, self.expr(exprs[0]), self.expr(exprs[1]), cond, True, group, line)
        return For(
            key,
            value,
            coll,
            None,
            self.expr(exprs[0]) if exprs else Lit(None, line),
            cond,
            False,
            False,
            line,
        )

    def template(self, node: Any, line: int) -> Any:
        if node.type == "heredoc_template":
            return self.heredoc(node, line)
        parts = self._quoted_parts(node)
        if not parts:
            return Lit("", line)
        if len(parts) == 1 and isinstance(parts[0], str):
            return Lit(parts[0], line)
        return Tmpl(tuple(parts), line)

    def _quoted_parts(self, node: Any) -> list[Any]:
        """A quoted template's parts from the exact source text between the quotes."""
        children = node.children
        start = next((c for c in children if c.type == "quoted_template_start"), None)
        end = next((c for c in children if c.type == "quoted_template_end"), None)
        if start is None or end is None:
            return self._template_parts(children, False)
        parts: list[Any] = []
        pos = start.end_byte
        for c in children:
            if c.type in ("template_interpolation", "template_directive"):
                if c.start_byte > pos:
                    parts.append(_unescape(self.src[pos : c.start_byte].decode("utf-8", "replace")))
                parts.extend(self._template_parts([c], False))
                pos = c.end_byte
            elif c.type == "ERROR":
                self.error(c)
        if end.start_byte > pos:
            parts.append(_unescape(self.src[pos : end.start_byte].decode("utf-8", "replace")))
        return [p for p in parts if p != ""]

    def heredoc(self, node: Any, line: int) -> Any:
        """A heredoc from the exact source text (the grammar's literal nodes drop leading blanks)."""
        children = node.children
        dedent = any(c.type == "heredoc_start" and self.text(c) == "<<-" for c in children)
        ids = [c for c in children if c.type == "heredoc_identifier"]
        if not ids:
            return Lit("", line)
        newline = self.src.find(b"\n", ids[0].end_byte)
        start = newline + 1 if newline >= 0 else ids[0].end_byte
        end = self.src.rfind(b"\n", 0, ids[-1].start_byte) + 1 if len(ids) > 1 else node.end_byte
        end = max(end, start)
        parts: list[Any] = []
        pos = start
        for c in children:
            if c.type in ("template_interpolation", "template_directive") and start <= c.start_byte < end:
                if c.start_byte > pos:
                    parts.append(self._raw(pos, c.start_byte))
                parts.extend(self._template_parts([c], True))
                pos = c.end_byte
            elif c.type == "ERROR":
                self.error(c)
        if end > pos:
            parts.append(self._raw(pos, end))
        parts = _heredoc_text(parts, dedent)
        content_line = line + 1  # the text starts on the line after the opener
        if not parts:
            return Lit("", content_line)
        if len(parts) == 1 and isinstance(parts[0], str):
            return Lit(parts[0], content_line)
        return Tmpl(tuple(parts), content_line)

    def _raw(self, start: int, end: int) -> str:
        text = self.src[start:end].decode("utf-8", "replace")
        return _HEREDOC_ESCAPE.sub(lambda m: m.group(0)[1:], text)

    def _template_parts(self, children: Any, heredoc: bool) -> list[Any]:
        parts: list[Any] = []
        for c in children:
            t = c.type
            if t == "template_literal":
                raw = self.text(c)
                parts.append(
                    _HEREDOC_ESCAPE.sub(lambda m: m.group(0)[1:], raw) if heredoc else _unescape(raw)
                )
            elif t == "template_interpolation":
                exprs = [x for x in c.children if x.type == "expression"]
                if exprs:
                    parts.append(self.expr(exprs[0]))
            elif t == "template_directive":
                parts.append(self.directive(c.children[0], heredoc))
            elif t == "ERROR":
                self.error(c)
        return parts

    def directive(self, node: Any, heredoc: bool) -> Any:
        if node.type == "template_if":
            cond: Any = Lit(None, 0)
            then: list[Any] = []
            other: list[Any] = []
            target = then
            for c in node.children:
                if c.type == "template_if_intro":
                    exprs = [x for x in c.children if x.type == "expression"]
                    cond = self.expr(exprs[0]) if exprs else cond
                elif c.type == "template_else_intro":
                    target = other
                elif c.type not in ("template_if_end",):
                    target.extend(self._template_parts([c], heredoc))
            return TmplIf(cond, tuple(then), tuple(other))
        if node.type == "template_for":
            key: str | None = None
            value = "_"
            coll: Any = Lit(None, 0)
            body: list[Any] = []
            for c in node.children:
                if c.type == "template_for_start":
                    idents = [self.text(x) for x in c.children if x.type == "identifier"]
                    if len(idents) == 2:
                        key, value = idents
                    elif idents:
                        value = idents[0]
                    exprs = [x for x in c.children if x.type == "expression"]
                    coll = self.expr(exprs[0]) if exprs else coll
                elif c.type != "template_for_end":
                    body.extend(self._template_parts([c], heredoc))
            return TmplFor(key, value, coll, tuple(body))
        return ""


def _heredoc_text(parts: list[Any], dedent: bool) -> list[Any]:
    """``<<-`` heredocs lose the indentation common to their lines (blank lines do not count)."""
    if not dedent:
        return [p for p in parts if p != ""]
    starts: list[str] = []
    at_start = True
    for p in parts:
        if isinstance(p, str):
            pieces = p.split("\n")
            for i, piece in enumerate(pieces):
                if (i > 0 or at_start) and piece.strip():
                    starts.append(piece)
            at_start = p.endswith("\n")
        else:
            at_start = False
    indent = min((len(s) - len(s.lstrip(" \t")) for s in starts), default=0)
    out: list[Any] = []
    at_start = True
    for p in parts:
        if isinstance(p, str):
            pieces = p.split("\n")
            for i, piece in enumerate(pieces):
                if i > 0 or at_start:
                    pieces[i] = piece[min(indent, len(piece) - len(piece.lstrip(" \t"))) :]
            text = "\n".join(pieces)
            at_start = p.endswith("\n")
            if text:
                out.append(text)
        else:
            at_start = False
            out.append(p)
    return out


def parse_hcl(text: str) -> ParsedFile:
    """Parse one ``.tf`` file; syntax errors become problems and the rest is still returned."""
    src = text.encode("utf-8")
    tree = _parser().parse(src)
    conv = _Converter(src)
    root = tree.root_node
    body = Body()
    for child in root.children:
        if child.type == "body":
            body = conv.body(child)
        elif child.type == "comment":
            conv.comment(child)
        elif child.type == "ERROR" or child.is_missing:
            conv.error(child)
            conv._comments_in(child)
    if root.has_error and not conv.problems:
        conv.problems.append((_first_error_line(root), "syntax error"))
    comments = sorted(conv.comments, key=lambda c: c.line)
    if any(c.own_line for c in comments):
        lines = text.splitlines()
        comments = [_with_next_code(c, lines) if c.own_line else c for c in comments]
    return ParsedFile(body, conv.problems, comments)


def _with_next_code(comment: Comment, lines: list[str]) -> Comment:
    """The comment with the line of the next code below it (what an own-line marker covers)."""
    for number in range(comment.line + 1, len(lines) + 1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith(("#", "//", "/*", "*")):
            return Comment(comment.line, comment.text, True, number)
    return comment


def _first_error_line(node: Any) -> int:
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type == "ERROR" or n.is_missing:
            return int(n.start_point[0]) + 1
        stack.extend(reversed(n.children))
    return 1
