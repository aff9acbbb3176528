"""Frameworks in the ICCMA file formats: ASPARTIX `.apx` (read and write) and ICCMA 2023 `.af`.

Names in `.apx`: a name that is a plain ASP constant (`[a-z][A-Za-z0-9_]*`) or a
non-negative integer is written as it is, which every apx reader accepts. Any other name
(argmap's ids have hyphens: `claim-x`) is written as an ASP string, `"claim-x"`, with a
backslash before each backslash and double quote in it: clingo-based solvers such as
ASPARTIX read it, and `read` gives back the very name, so `read(write(f))` has the arguments
and attacks of `f`. (Supports and weights have no place in the format and are not written.)

`.af` (ICCMA 2023): a line `p af N`, then one attack `i j` a line over arguments 1..N;
lines starting with `#` are comments. The arguments are read as the names "1" .. "N".
"""

from __future__ import annotations

import re

from argmap.errors import ImportFormatError
from argmap.evaluation.framework import Framework

_PLAIN = re.compile(r"[a-z][A-Za-z0-9_]*|0|[1-9][0-9]*")
# One statement: arg(T). or att(T,T). where T is a constant, an integer or a string.
_TERM = r'(?:[a-z][A-Za-z0-9_]*|0|[1-9][0-9]*|"(?:[^"\\]|\\.)*")'
_STATEMENT = re.compile(
    rf"\s*(?:(arg)\(\s*({_TERM})\s*\)|(att)\(\s*({_TERM})\s*,\s*({_TERM})\s*\))\s*\.\s*"
)


def write(framework: Framework) -> str:
    """The framework in ASPARTIX form, one `arg(a).` / `att(a,b).` a line, sorted."""
    lines = [f"arg({_atom(a)})." for a in sorted(framework.arguments)]
    lines += [f"att({_atom(s)},{_atom(t)})." for s, t in sorted(framework.attacks)]
    return "\n".join(lines) + "\n"


def _atom(name: str) -> str:
    if _PLAIN.fullmatch(name):
        return name
    return '"' + name.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _name(term: str) -> str:
    if not term.startswith('"'):
        return term
    return re.sub(r"\\(.)", r"\1", term[1:-1])


def read(text: str) -> Framework:
    """A framework from `.apx` text, or from ICCMA 2023 `.af` text (it starts `p af N`)."""
    for line in text.splitlines():
        if line.strip() and not line.lstrip().startswith("#"):
            if line.split()[:2] == ["p", "af"]:
                return _read_af(text)
            break
    arguments: set[str] = set()
    attacks: list[tuple[int, str, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line, position = raw, 0
        # Statements one after another; `%` starts a comment outside a statement.
        while line[position:].strip() and not line[position:].lstrip().startswith("%"):
            match = _STATEMENT.match(line, position)
            if match is None:
                rest = line[position:].strip()
                raise ImportFormatError(
                    f"line {number}: expected arg(NAME). or att(NAME,NAME). but found {rest!r}"
                )
            if match.group(1):
                arguments.add(_name(match.group(2)))
            else:
                attacks.append((number, _name(match.group(4)), _name(match.group(5))))
            position = match.end()
    for number, source, target in attacks:
        for name in (source, target):
            if name not in arguments:
                raise ImportFormatError(
                    f"line {number}: att({_atom(source)},{_atom(target)}) names {_atom(name)}, "
                    "which no arg(...) declares"
                )
    return Framework(frozenset(arguments), frozenset((s, t) for _, s, t in attacks))


def _read_af(text: str) -> Framework:
    size: int | None = None
    attacks: set[tuple[str, str]] = set()
    for number, raw in enumerate(text.splitlines(), start=1):
        words = raw.split()
        if not words or words[0].startswith("#"):
            continue
        if size is None:
            if len(words) != 3 or words[:2] != ["p", "af"] or not words[2].isdigit():
                raise ImportFormatError(f"line {number}: expected 'p af N' but found {raw!r}")
            size = int(words[2])
            continue
        if len(words) != 2 or not all(w.isdigit() for w in words):
            raise ImportFormatError(f"line {number}: expected an attack 'i j' but found {raw!r}")
        source, target = (int(w) for w in words)
        for value in (source, target):
            if not 1 <= value <= size:
                raise ImportFormatError(
                    f"line {number}: argument {value} is outside 1..{size} (p af {size})"
                )
        attacks.add((str(source), str(target)))
    if size is None:
        raise ImportFormatError("line 1: expected 'p af N' but the file is empty")
    return Framework(frozenset(str(i) for i in range(1, size + 1)), frozenset(attacks))
