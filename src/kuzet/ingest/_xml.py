"""A small XML tree with line numbers, read with the standard library's expat parser.

ElementTree forgets where an element was; quarantine must say on which line a bad value
sits, so this reader keeps the line of every element. Tags lose their namespace (pacs.008
versions differ only there). Documents with a DTD or entity declarations are refused, which
closes the doors that XML bombs and external entities come through.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from xml.parsers import expat


class XmlError(Exception):
    """The file is not well-formed XML, or uses a forbidden construct."""

    def __init__(self, message: str, line: int | None) -> None:
        super().__init__(message)
        self.line = line


@dataclass(slots=True)
class Element:
    tag: str
    line: int
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[Element] = field(default_factory=list)
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "".join(self.parts).strip()

    def find(self, path: str) -> Element | None:
        """The first descendant along ``A/B/C`` (direct children at each step)."""
        node: Element | None = self
        for step in path.split("/"):
            if node is None:
                return None
            node = next((c for c in node.children if c.tag == step), None)
        return node

    def findall(self, path: str) -> list[Element]:
        head, _, last = path.rpartition("/")
        parent = self.find(head) if head else self
        return [c for c in parent.children if c.tag == last] if parent else []

    def value(self, path: str) -> str | None:
        """Text at ``path``, or ``None`` when the element is absent or empty."""
        el = self.find(path)
        return (el.text or None) if el is not None else None

    def iter(self, tag: str) -> Iterator[Element]:
        """Every descendant with this tag, in document order (not inside a match)."""
        for c in self.children:
            if c.tag == tag:
                yield c
            else:
                yield from c.iter(tag)


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1].rsplit(":", 1)[-1]


def parse(path: Path) -> Element:
    """Parse a file into an ``Element`` tree; raises ``XmlError`` with the line."""
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    root: list[Element] = []
    stack: list[Element] = []

    def start(name: str, attrs: dict[str, str]) -> None:
        el = Element(
            _local(name), parser.CurrentLineNumber, {_local(k): v for k, v in attrs.items()}
        )
        if stack:
            stack[-1].children.append(el)
        else:
            root.append(el)
        stack.append(el)

    def end(_name: str) -> None:
        stack.pop()

    def chars(data: str) -> None:
        if stack:
            stack[-1].parts.append(data)

    def forbid(*_args: object) -> None:
        raise XmlError("DTDs and entity declarations are not accepted", parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = chars
    parser.StartDoctypeDeclHandler = forbid
    parser.EntityDeclHandler = forbid
    try:
        with path.open("rb") as f:
            parser.ParseFile(f)
    except expat.ExpatError as exc:
        raise XmlError(f"malformed XML: {expat.ErrorString(exc.code)}", exc.lineno) from None
    if not root:
        raise XmlError("no XML element found", None)
    return root[0]
