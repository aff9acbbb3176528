"""HTTP content negotiation: pick the offered media type an `Accept` header likes best.

`choose` is lenient, as a library function may be (a malformed range accepts nothing, a
q-value out of range is clamped). The routes first `check_accept`, which refuses what no
client means: a q-value that is not a number from 0 to 1, or a header so long or with so
many ranges that negotiating it would cost more than answering.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

MAX_ACCEPT_CHARS = 2048
"""The longest Accept header the service negotiates (browsers send a few hundred characters)."""
MAX_ACCEPT_RANGES = 64
"""The most media ranges an Accept header may list."""
_QVALUE = re.compile(r"(?:\d+(?:\.\d*)?|\.\d+)")


class MalformedAccept(ValueError):
    """An Accept header the service refuses to negotiate (400); the message says why."""


@dataclass(frozen=True)
class MediaRange:
    """One entry of an Accept header: `type/subtype` (either may be `*`) and its q-value."""

    type: str
    subtype: str
    q: float
    position: int

    def specificity(self, media_type: str) -> int:
        """How precisely this range names `media_type`: 3 exact, 2 `type/*`, 1 `*/*`, 0 not."""
        main, _, sub = media_type.partition("/")
        if self.type == main and self.subtype == sub:
            return 3
        if self.type == main and self.subtype == "*":
            return 2
        if self.type == "*" and self.subtype == "*":
            return 1
        return 0


def parse_accept(header: str | None) -> list[MediaRange]:
    """The media ranges of an Accept header; an absent or empty header accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, 0)]
    ranges = []
    for position, item in enumerate(header.split(",")):
        fields = [f.strip() for f in item.split(";")]
        main, slash, sub = fields[0].lower().partition("/")
        if not slash or not main or not sub:
            continue  # a malformed range accepts nothing rather than everything
        q = 1.0
        for parameter in fields[1:]:
            name, _, value = parameter.partition("=")
            if name.strip().lower() == "q":
                try:
                    q = min(max(float(value.strip()), 0.0), 1.0)
                except ValueError:
                    q = 0.0
        ranges.append(MediaRange(main.strip(), sub.strip(), q, position))
    return ranges


def check_accept(header: str | None) -> None:
    """Raise MalformedAccept for an absurd Accept header: too long, too many ranges, bad q-values.

    >>> check_accept("text/csv;q=0.5, */*;q=.1")
    >>> try:
    ...     check_accept("text/csv;q=2")
    ... except MalformedAccept as exc:
    ...     print(exc)
    the Accept header gives text/csv the q-value '2'; a q-value is a number from 0 to 1
    """
    if not header:
        return
    if len(header) > MAX_ACCEPT_CHARS:
        raise MalformedAccept(
            f"the Accept header is {len(header)} characters long; this service reads at most "
            f"{MAX_ACCEPT_CHARS}"
        )
    items = header.split(",")
    if len(items) > MAX_ACCEPT_RANGES:
        raise MalformedAccept(
            f"the Accept header lists {len(items)} media ranges; this service reads at most "
            f"{MAX_ACCEPT_RANGES}"
        )
    for item in items:
        media_range, *parameters = (f.strip() for f in item.split(";"))
        for parameter in parameters:
            name, _, value = parameter.partition("=")
            if name.strip().lower() != "q":
                continue
            value = value.strip()
            # float() would also take "nan", "inf" and "1e3", which no client means.
            if not _QVALUE.fullmatch(value) or float(value) > 1:
                shown = value if len(value) <= 20 else value[:20] + "…"
                raise MalformedAccept(
                    f"the Accept header gives {media_range[:100] or 'a range'} the q-value "
                    f"{shown!r}; a q-value is a number from 0 to 1"
                )


def choose(header: str | None, offers: Sequence[str]) -> str | None:
    """The offer the client prefers, or None when it accepts none of them.

    Each offer takes the q-value of the most specific range that names it (so
    `text/*;q=0.5, text/csv` gives text/csv q=1). Among equal q-values a more specific
    match wins, then the range the client listed first, then the server's order of offers.

    >>> choose("text/csv;q=0.5, application/json", ["text/csv", "application/json"])
    'application/json'
    >>> choose("image/png", ["text/turtle"]) is None
    True
    """
    ranges = parse_accept(header)
    best: tuple[float, int, int, int] | None = None
    chosen = None
    for rank, offer in enumerate(offers):
        matches = [(r.specificity(offer), r) for r in ranges]
        matches = [(s, r) for s, r in matches if s]
        if not matches:
            continue
        specificity, match = max(matches, key=lambda m: (m[0], -m[1].position))
        if match.q <= 0:
            continue
        score = (match.q, specificity, -match.position, -rank)
        if best is None or score > best:
            best, chosen = score, offer
    return chosen
