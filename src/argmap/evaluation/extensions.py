"""Dung's extension semantics at any size: the grounded labelling, then clingo for the rest.

The grounded labelling is computed in linear time over the numbered framework. Complete,
preferred and stable extensions are left to the ASP solver clingo, with encodings in the
style of ASPARTIX (written here, see `_COMPLETE` and `_STABLE`), but only over the arguments
the grounded labelling leaves undecided: every complete extension is the grounded extension
plus a complete extension of the framework restricted to its undecided arguments (no
attack runs between the grounded extension and that part, and what attacks the part from
outside is already rejected), and the same holds of preferred and stable extensions. On the
frameworks maps give, that part is small even when the map is large.

Acceptance is decided without enumerating: a query is one or a few solver calls under
assumptions on one grounded program kept per framework and semantics. The one hard question,
sceptical acceptance under preferred semantics (Π2-complete), is a counterexample-guided
loop (see `_Preferred.sceptical`). Enumeration itself stops at `MAX_EXTENSIONS`.

When a framework has no stable extension (an odd cycle, a self-attack left undecided), every
argument is reported under stable semantics with `Acceptance.no_extension` set and both
`credulous` and `sceptical` False: "sceptically accepted because there is nothing to be
accepted in" would read as support for a claim that nothing supports.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal, get_args

import clingo
import numpy as np
import numpy.typing as npt

from argmap.errors import NotFound, ParameterError
from argmap.evaluation.framework import Framework

Semantics = Literal["grounded", "complete", "preferred", "stable"]
SEMANTICS: tuple[Semantics, ...] = get_args(Semantics)
Status = Literal["accepted", "rejected", "undecided"]

MAX_EXTENSIONS = 1000
"""Enumeration stops after this many extensions; acceptance queries have no such limit."""

# Labels of the grounded labelling, as bytes in a bytearray (the loop reads them often).
_UNDEC, _IN, _OUT = 0, 1, 2


@dataclass(frozen=True)
class Labelling:
    """A three-valued labelling: IN (accepted), OUT (rejected) and UNDEC (undecided)."""

    accepted: frozenset[str]
    rejected: frozenset[str]
    undecided: frozenset[str]

    def status(self, argument: str) -> Status:
        """The label of `argument` as a word."""
        if argument in self.accepted:
            return "accepted"
        if argument in self.rejected:
            return "rejected"
        if argument in self.undecided:
            return "undecided"
        raise NotFound(f"no argument {argument!r} in the framework")


@dataclass(frozen=True)
class Enumeration:
    """Extensions sorted by size then members; `complete` is False when the cap cut them short."""

    extensions: list[frozenset[str]]
    complete: bool
    semantics: Semantics = "grounded"
    limit: int = MAX_EXTENSIONS

    @property
    def message(self) -> str | None:
        """What to tell a reader when the list is cut short, else None."""
        if self.complete:
            return None
        return (
            f"stopped after {len(self.extensions)} {self.semantics} extensions (the limit); "
            "there are more. Ask about the acceptance of a claim instead, which needs no "
            "enumeration."
        )


@dataclass(frozen=True)
class Acceptance:
    """Whether an argument is in some extension (credulous) and in all (sceptical).

    `containing` is an extension with the argument when it is credulously accepted;
    `excluding` is one without it when it is not sceptically accepted. They are the
    witnesses explanations are built from. `no_extension` is True only under stable
    semantics when the framework has no stable extension at all; then `credulous` and
    `sceptical` are both False and both witnesses None (not the vacuous "in every one of no
    extensions").
    """

    credulous: bool
    sceptical: bool
    containing: frozenset[str] | None = None
    excluding: frozenset[str] | None = None
    no_extension: bool = False


# --- the grounded labelling ------------------------------------------------------------------


def grounded_labelling(framework: Framework) -> Labelling:
    """The grounded labelling, in time linear in arguments plus attacks."""
    return _state(framework).labelling


def _label_codes(framework: Framework) -> bytearray:
    """The grounded label of each numbered argument (`_IN`, `_OUT` or `_UNDEC`)."""
    numbered = framework.numbered
    n = len(numbered.names)
    source, target = numbered.attack_from, numbered.attack_to
    # Compressed adjacency (CSR): the arguments i attacks are targets[starts[i]:starts[i+1]].
    order = np.argsort(source, kind="stable")
    starts_array = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(np.bincount(source, minlength=n), out=starts_array[1:])
    pending_array = np.bincount(target, minlength=n)
    # Python lists and a bytearray: indexing them one element at a time is several times
    # faster than indexing numpy arrays, and the loop below is inherently one at a time.
    targets: list[int] = target[order].tolist()
    starts: list[int] = starts_array.tolist()
    pending: list[int] = pending_array.tolist()  # attackers not yet OUT
    label = bytearray(n)
    queue: list[int] = np.flatnonzero(pending_array == 0).tolist()
    for i in queue:
        label[i] = _IN
    # Iterating a list while appending to it visits the appended items too: the queue. An
    # argument goes IN once all its attackers are OUT, and OUT once an IN argument attacks
    # it, so every attack is followed at most twice: linear time.
    for i in queue:
        for t in targets[starts[i] : starts[i + 1]]:
            if label[t] == _UNDEC:  # never IN: an IN argument has no IN attacker
                label[t] = _OUT
                for u in targets[starts[t] : starts[t + 1]]:
                    pending[u] -= 1
                    if pending[u] == 0 and label[u] == _UNDEC:
                        label[u] = _IN
                        queue.append(u)
    return label


# --- the solver programs ------------------------------------------------------------------

# Complete extensions: a guessed conflict-free set that holds exactly the arguments it
# defends. `defeated(Y)`: a member attacks Y; `not_defended(X)`: some attacker of X is not
# defeated. Admissible: no member is not_defended; complete: every argument that is not
# not_defended is in.
_COMPLETE = """
{ in(X) } :- arg(X).
:- in(X), in(Y), att(X, Y).
defeated(Y) :- in(X), att(X, Y).
not_defended(X) :- att(Y, X), not defeated(Y).
:- in(X), not_defended(X).
:- arg(X), not in(X), not not_defended(X).
#show in/1.
"""

# Preferred: the same program, with clasp told to decide in(X) true first (Domain heuristic).
# With --enum-mode=domRec it enumerates exactly the subset-maximal answer sets with respect
# to the in/1 atoms: the maximal complete extensions. The first model under assumptions is
# likewise a maximal complete extension among those that satisfy them.
_PREFERRED = _COMPLETE + "#heuristic in(X) : arg(X). [1, true]\n"
_PREFERRED_OPTIONS = ["--heuristic=Domain", "--enum-mode=domRec"]

# Stable: a conflict-free set that defeats every argument outside it.
_STABLE = """
{ in(X) } :- arg(X).
:- in(X), in(Y), att(X, Y).
defeated(Y) :- in(X), att(X, Y).
:- arg(X), not in(X), not defeated(X).
#show in/1.
"""


def _quiet(code: clingo.MessageCode, message: str) -> None:
    """Drop a clingo message: errors still raise, and warnings here are expected ones."""


class _Program:
    """One grounded clingo program over the undecided part of a framework.

    Arguments are numbered locally 0..k-1 (`undecided[i]` is the framework number of local
    argument i), so the program is the same whatever the argument names are.
    """

    def __init__(self, state: _State, encoding: str, options: Sequence[str]) -> None:
        self.state = state
        undecided = state.undecided
        # "0": every model unless told otherwise (clingo's default is one). The logger drops
        # clasp's notes, such as "domRec ignored" when the grounder has proved every in/1
        # atom false (then there is nothing to maximise, and the models are right anyway).
        self.control = clingo.Control([*options, "0"], logger=_quiet)
        numbered = state.framework.numbered
        local = np.full(len(numbered.names), -1, dtype=np.int64)
        local[undecided] = np.arange(len(undecided))
        inside = (local[numbered.attack_from] >= 0) & (local[numbered.attack_to] >= 0)
        sources = local[numbered.attack_from[inside]].tolist()
        targets = local[numbered.attack_to[inside]].tolist()
        facts = [f"arg(0..{len(undecided) - 1})."] if len(undecided) else []
        facts += [f"att({s},{t})." for s, t in zip(sources, targets, strict=True)]
        self.control.add("base", [], encoding + "\n".join(facts))
        self.control.ground([("base", [])])
        # in(i) for each local argument: its solver literal for assumptions, or None when the
        # grounder proved it false (a self-attacking argument, say).
        atoms = {
            atom.symbol.arguments[0].number: atom.literal
            for atom in self.control.symbolic_atoms.by_signature("in", 1)
        }
        self.literals: list[int | None] = [atoms.get(i) for i in range(len(undecided))]
        self.lock = threading.RLock()

    def literal(self, argument: int) -> int | None:
        """The literal of in(argument) for a framework-numbered undecided argument."""
        return self.literals[self.state.local[argument]]

    def models(self, assumptions: Sequence[int] = (), limit: int = 0) -> list[frozenset[int]]:
        """The models under `assumptions` (at most `limit`; 0: all), as local numbers in/1."""
        # A list, not a generator: the solve handle is closed before anyone else may solve.
        start = time.perf_counter()
        found: list[frozenset[int]] = []
        try:
            with self.control.solve(assumptions=list(assumptions), yield_=True) as handle:
                for model in handle:
                    found.append(
                        frozenset(s.arguments[0].number for s in model.symbols(shown=True))
                    )
                    if len(found) == limit:
                        break
        finally:
            self.state.solve_seconds += time.perf_counter() - start
        return found

    def first(self, assumptions: Sequence[int] = ()) -> frozenset[int] | None:
        """One model under `assumptions`, or None when there is none."""
        found = self.models(assumptions, limit=1)
        return found[0] if found else None

    def member_literals(self, members: Iterable[int]) -> list[int]:
        """Assumptions that put every local argument of `members` in."""
        found = []
        for m in members:
            lit = self.literals[m]
            assert lit is not None  # a member of a model is never a proven-false atom
            found.append(lit)
        return found


class _Preferred(_Program):
    """The complete program with the domain heuristic, and the preferred extensions found so far.

    Every model it returns is a preferred extension (a maximal complete one), so the ones
    found are remembered: they answer later queries without the solver.
    """

    def __init__(self, state: _State) -> None:
        super().__init__(state, _PREFERRED, _PREFERRED_OPTIONS)
        self.known: list[frozenset[int]] = []
        # The constraints "not a subset of a known preferred extension" hold only while the
        # sceptical loop runs, so they are guarded by an external atom that is false
        # otherwise (enumeration and credulous queries must see every extension).
        with self.control.backend() as backend:
            self.guard = backend.add_atom(clingo.Function("beyond_known"))
            backend.add_external(self.guard, clingo.TruthValue.False_)

    def remember(self, extension: frozenset[int]) -> None:
        """Keep a preferred extension, and exclude its subsets from the guarded searches."""
        if extension in self.known:
            return
        self.known.append(extension)
        outside = [
            lit
            for i, lit in enumerate(self.literals)
            if i not in extension and lit is not None  # a proven-false atom is always out
        ]
        with self.control.backend() as backend:
            backend.add_rule([], [self.guard, *(-lit for lit in outside)])

    def credulous(self, argument: int) -> frozenset[int] | None:
        """A preferred extension with the local `argument`, or None."""
        for extension in self.known:
            if argument in extension:
                return extension
        lit = self.literals[argument]
        if lit is None:
            return None
        found = self.first([lit])
        if found is not None:
            self.remember(found)
        return found

    def sceptical(self, argument: int) -> frozenset[int] | None:
        """A preferred extension without the local `argument`, or None when all have it.

        The loop: search for a complete extension E without the argument that is no subset
        of a preferred extension found so far (a preferred extension without the argument
        would be one: preferred extensions are incomparable). None: every preferred
        extension has the argument. Otherwise grow E to a preferred extension P; if P lacks
        the argument, it is the counterexample; if not, P is new (E is in it and was in no
        known one), so the loop ends after at most as many rounds as there are preferred
        extensions, usually one or two.
        """
        for extension in self.known:
            if argument not in extension:
                return extension
        lit = self.literals[argument]
        self.control.assign_external(self.guard, True)
        try:
            while True:
                found = self.first([] if lit is None else [-lit])
                if found is None:
                    return None
                # The search already maximises in/1 among the extensions without the
                # argument; growing under assumptions maximises among all supersets.
                grown = self.first(self.member_literals(found))
                assert grown is not None and found <= grown  # `found` itself is a model
                self.remember(grown)
                if argument not in grown:
                    return grown
        finally:
            self.control.assign_external(self.guard, False)


# --- the per-framework state ---------------------------------------------------------------


@dataclass
class _State:
    """What is computed once per framework: the labelling and the solver programs."""

    framework: Framework
    codes: bytearray
    labelling: Labelling
    undecided: npt.NDArray[np.int64]
    local: dict[int, int]
    programs: dict[str, _Program] = field(default_factory=dict)
    stable_exists: bool | None = None
    solve_seconds: float = 0.0
    lock: threading.RLock = field(default_factory=threading.RLock)

    def program(self, kind: Literal["complete", "preferred", "stable"]) -> _Program:
        """The grounded program of `kind`, made on first use."""
        with self.lock:
            if kind not in self.programs:
                if kind == "preferred":
                    self.programs[kind] = _Preferred(self)
                else:
                    encoding = _COMPLETE if kind == "complete" else _STABLE
                    self.programs[kind] = _Program(self, encoding, [])
            return self.programs[kind]

    def preferred(self) -> _Preferred:
        """The preferred program."""
        program = self.program("preferred")
        assert isinstance(program, _Preferred)
        return program

    def names(self, local_members: Iterable[int]) -> frozenset[str]:
        """An extension of the undecided part, as the full extension with the grounded one."""
        names = self.framework.numbered.names
        undecided = self.undecided
        return self.labelling.accepted | frozenset(names[undecided[i]] for i in local_members)


# Keyed by id(): a Framework holds a dict (its weights), so it cannot be hashed; the
# finaliser drops the entry when the framework goes, before its id can be reused.
_STATES: dict[int, _State] = {}
_STATES_LOCK = threading.Lock()


def _state(framework: Framework) -> _State:
    with _STATES_LOCK:
        state = _STATES.get(id(framework))
        if state is not None and state.framework is framework:
            return state
    codes = _label_codes(framework)
    names = framework.numbered.names
    labels = np.frombuffer(bytes(codes), dtype=np.uint8)

    def named(code: int) -> frozenset[str]:
        return frozenset(map(names.__getitem__, np.flatnonzero(labels == code).tolist()))

    undecided = np.flatnonzero(labels == _UNDEC).astype(np.int64)
    state = _State(
        framework,
        codes,
        Labelling(named(_IN), named(_OUT), named(_UNDEC)),
        undecided,
        {int(g): i for i, g in enumerate(undecided.tolist())},
    )
    with _STATES_LOCK:
        if id(framework) not in _STATES:
            _STATES[id(framework)] = state
            weakref.finalize(framework, _STATES.pop, id(framework), None)
        return _STATES[id(framework)]


def solver_seconds(framework: Framework) -> float:
    """Seconds spent inside clingo's solve calls for `framework` so far (for benchmarks)."""
    return _state(framework).solve_seconds


def _check(semantics: str) -> Semantics:
    if semantics not in SEMANTICS:
        raise ParameterError(f"unknown semantics {semantics!r}; use one of {', '.join(SEMANTICS)}")
    return semantics


def _number(framework: Framework, argument: str) -> int:
    number = framework.numbered.number.get(argument)
    if number is None:
        raise NotFound(f"no argument {argument!r} in the framework")
    return number


# --- enumeration ---------------------------------------------------------------------------


def enumerate_extensions(
    framework: Framework, semantics: str, limit: int = MAX_EXTENSIONS
) -> Enumeration:
    """The extensions under `semantics`, at most `limit` of them (see `Enumeration.complete`)."""
    name = _check(semantics)
    state = _state(framework)
    if name == "grounded":
        return Enumeration([state.labelling.accepted], True, name, limit)
    program = state.program(name)
    with program.lock:
        # One more than the limit tells whether the limit cut the list short.
        found = program.models(limit=limit + 1)
    if name == "stable":
        state.stable_exists = bool(found)
    extensions = sorted((state.names(e) for e in found[:limit]), key=_order)
    return Enumeration(extensions, len(found) <= limit, name, limit)


def _order(extension: frozenset[str]) -> tuple[int, list[str]]:
    return len(extension), sorted(extension)


def has_extension(framework: Framework, semantics: str) -> bool:
    """Whether any extension exists: always, except perhaps under stable semantics."""
    name = _check(semantics)
    if name != "stable":
        return True
    state = _state(framework)
    program = state.program("stable")
    with program.lock:
        if state.stable_exists is None:
            state.stable_exists = program.first() is not None
        return state.stable_exists


# --- acceptance ----------------------------------------------------------------------------


def credulous(framework: Framework, semantics: str, argument: str) -> bool:
    """Whether `argument` is in some extension under `semantics`."""
    return _acceptance(framework, _check(semantics), argument, sceptical=False).credulous


def sceptical(framework: Framework, semantics: str, argument: str) -> bool:
    """Whether `argument` is in every extension (False under stable when there is none)."""
    return _acceptance(framework, _check(semantics), argument).sceptical


def acceptance(
    framework: Framework, semantics: str, arguments: Iterable[str] | None = None
) -> dict[str, Acceptance]:
    """Credulous and sceptical acceptance, with witnesses, of each argument (default: all)."""
    name = _check(semantics)
    chosen = sorted(framework.arguments if arguments is None else set(arguments))
    return {a: _acceptance(framework, name, a) for a in chosen}


def _acceptance(
    framework: Framework, semantics: Semantics, argument: str, *, sceptical: bool = True
) -> Acceptance:
    """The acceptance of one argument; `sceptical=False` skips the sceptical search.

    Skipped, `sceptical` is reported False unless the answer is known without a search; only
    `credulous()` skips it, and it reads only `credulous`.
    """
    state = _state(framework)
    number = _number(framework, argument)
    grounded = state.labelling.accepted
    code = state.codes[number]
    if semantics == "stable":
        return _stable(state, number, sceptical=sceptical)
    # Grounded IN: in every complete (so every preferred) extension; OUT: in none; UNDEC: not
    # in the grounded one, which is complete, so never sceptically accepted under complete.
    if code == _IN:
        return Acceptance(True, True, containing=_some_extension(state, semantics))
    if semantics == "grounded" or code == _OUT:
        return Acceptance(False, False, excluding=_some_extension(state, semantics))
    preferred = state.preferred()
    local = state.local[number]
    with preferred.lock:
        # Credulous under complete and under preferred are the same question: a complete
        # extension with the argument grows to a preferred one.
        containing = preferred.credulous(local)
        if containing is None:
            return Acceptance(False, False, excluding=_some_extension(state, semantics))
        with_it = state.names(containing)
        if semantics == "complete":
            return Acceptance(True, False, with_it, grounded)
        if not sceptical:
            return Acceptance(True, False, with_it)
        found = preferred.sceptical(local)
        if found is None:
            return Acceptance(True, True, with_it)
        return Acceptance(True, False, with_it, state.names(found))


def _some_extension(state: _State, semantics: Semantics) -> frozenset[str]:
    """An extension of `semantics`, for a witness that any one of them would do for."""
    if semantics != "preferred":
        return state.labelling.accepted  # the grounded extension is complete
    preferred = state.preferred()
    with preferred.lock:
        if not preferred.known:
            found = preferred.first()
            assert found is not None  # a preferred extension always exists
            preferred.remember(found)
        return state.names(preferred.known[0])


def _stable(state: _State, number: int, *, sceptical: bool) -> Acceptance:
    if not has_extension(state.framework, "stable"):
        return Acceptance(False, False, no_extension=True)
    code = state.codes[number]
    program = state.program("stable")
    with program.lock:
        # Grounded IN arguments are in every stable extension, OUT ones in none; only an
        # undecided argument needs the solver.
        lit = program.literal(number) if code == _UNDEC else None
        if code == _IN:
            return Acceptance(True, True, _any_stable(state))
        if code == _OUT or lit is None:
            return Acceptance(False, False, excluding=_any_stable(state))
        found = program.first([lit])
        if found is None:
            return Acceptance(False, False, excluding=_any_stable(state))
        containing = state.names(found)
        if not sceptical:
            return Acceptance(True, False, containing)
        without = program.first([-lit])
        if without is None:
            return Acceptance(True, True, containing)
        return Acceptance(True, False, containing, state.names(without))


def _any_stable(state: _State) -> frozenset[str]:
    found = state.program("stable").first()
    assert found is not None  # called only once a stable extension is known to exist
    return state.names(found)


# --- explanations --------------------------------------------------------------------------


@dataclass(frozen=True)
class Defence:
    """An attacker and the arguments (accepted, or members of an extension) that attack it."""

    attacker: str
    by: tuple[str, ...]


@dataclass(frozen=True)
class Defeat:
    """An accepted attacker (or an extension's member attacking) and what makes it stand."""

    defeater: str
    defence: tuple[Defence, ...]


Verdict = Literal["sceptically-accepted", "credulously-accepted", "rejected"]
"""A claim's status under complete, preferred or stable semantics (`argmap.vocab.STATUS_IRIS`)."""
ExplainedStatus = Status | Verdict | Literal["no-extension"]


def verdict(found: Acceptance) -> Verdict:
    """The status word of an acceptance: in every extension, in some, or in none."""
    if found.sceptical:
        return "sceptically-accepted"
    return "credulously-accepted" if found.credulous else "rejected"


@dataclass(frozen=True)
class Explanation:
    """Why an argument has its status: one level of attackers and what answers them.

    `status` is the grounded label under grounded semantics; under the others it is
    `accepted` (sceptically), `credulous` (in some extension, not all), `rejected` (in none)
    or `no_extension` (stable, when there is no stable extension). `defence` answers each
    attacker of the argument inside `containing` (the grounded extension, or an extension
    with the argument); `defeats` lists the members of `excluding` (the grounded extension,
    or an extension without the argument) that attack it, each with its own defence;
    `unanswered` lists the attackers of the argument that `excluding` leaves unattacked
    (under grounded semantics: the undecided attackers of an undecided argument).
    """

    argument: str
    semantics: Semantics
    status: ExplainedStatus
    containing: frozenset[str] | None
    excluding: frozenset[str] | None
    defence: tuple[Defence, ...]
    defeats: tuple[Defeat, ...]
    unanswered: tuple[str, ...]

    def to_json(self) -> dict[str, Any]:
        """The explanation as JSON-ready data, every list sorted."""

        def defence(items: tuple[Defence, ...]) -> list[dict[str, Any]]:
            return [{"attacker": d.attacker, "by": list(d.by)} for d in items]

        return {
            "argument": self.argument,
            "semantics": self.semantics,
            "status": self.status,
            "containing": None if self.containing is None else sorted(self.containing),
            "excluding": None if self.excluding is None else sorted(self.excluding),
            "defence": defence(self.defence),
            "defeats": [
                {"defeater": d.defeater, "defence": defence(d.defence)} for d in self.defeats
            ],
            "unanswered": list(self.unanswered),
        }

    def text(self) -> str:
        """The explanation as one paragraph."""
        head = {
            "accepted": "accepted",
            "sceptically-accepted": "sceptically accepted",
            "credulously-accepted": "credulously but not sceptically accepted",
            "rejected": "rejected",
            "undecided": "undecided",
            "no-extension": "not accepted",
        }[self.status]
        parts = [f"{self.argument} is {head} under {self.semantics} semantics"]
        if self.status == "no-extension":
            return parts[0] + ": the framework has no stable extension."
        grounded = self.semantics == "grounded"
        if self.containing is not None:
            where = "" if grounded else f"the extension {_set(self.containing)} contains it; "
            if not self.defence:
                parts.append(f"{where}nothing attacks it")
            elif grounded:
                parts.append(f"each of its attackers is rejected: {_defences(self.defence)}")
            else:
                parts.append(f"{where}it is defended there: {_defences(self.defence)}")
        if self.excluding is not None and self.status != "undecided":
            where = "" if grounded else f"the extension {_set(self.excluding)} excludes it; "
            kind = "the accepted" if grounded else "its member"
            for d in self.defeats:
                stands = (
                    f"whose own attackers are answered: {_defences(d.defence)}"
                    if d.defence
                    else "which nothing attacks"
                )
                parts.append(f"{where}it is attacked by {kind} {d.defeater}, {stands}")
                where = ""
            if not self.defeats and self.unanswered:
                parts.append(f"{where}it is not defended there against {_list(self.unanswered)}")
        if self.status == "undecided":
            parts.append(
                "no attacker of it is accepted, and its undecided attackers "
                f"{_list(self.unanswered)} are not rejected"
            )
        return parts[0] + ": " + "; ".join(parts[1:]) + "."


def _set(members: frozenset[str]) -> str:
    return "{" + ", ".join(sorted(members)) + "}"


def _list(names: Iterable[str]) -> str:
    return ", ".join(names)


def _defences(items: tuple[Defence, ...]) -> str:
    return ", ".join(
        f"{d.attacker} (attacked by {_list(d.by)})" if d.by else f"{d.attacker} (unanswered)"
        for d in items
    )


def explain(framework: Framework, semantics: str, argument: str) -> Explanation:
    """Why `argument` has its status under `semantics` (see `Explanation`)."""
    name = _check(semantics)
    _number(framework, argument)
    attackers = framework.attackers

    def defence(of: str, inside: frozenset[str]) -> tuple[Defence, ...]:
        return tuple(
            Defence(b, tuple(sorted(attackers[b] & inside))) for b in sorted(attackers[of])
        )

    def defeats(inside: frozenset[str]) -> tuple[Defeat, ...]:
        return tuple(Defeat(d, defence(d, inside)) for d in sorted(attackers[argument] & inside))

    def unanswered(inside: frozenset[str]) -> tuple[str, ...]:
        return tuple(sorted(b for b in attackers[argument] if not attackers[b] & inside))

    if name == "grounded":
        labelling = grounded_labelling(framework)
        status = labelling.status(argument)
        grounded = labelling.accepted
        if status == "accepted":
            return Explanation(
                argument, name, status, grounded, None, defence(argument, grounded), (), ()
            )
        if status == "rejected":
            return Explanation(argument, name, status, None, grounded, (), defeats(grounded), ())
        return Explanation(argument, name, status, None, grounded, (), (), unanswered(grounded))
    found = _acceptance(framework, name, argument)
    if found.no_extension:
        return Explanation(argument, name, "no-extension", None, None, (), (), ())
    explained = verdict(found)
    inside, outside = found.containing, found.excluding
    return Explanation(
        argument,
        name,
        explained,
        inside,
        outside,
        () if inside is None else defence(argument, inside),
        () if outside is None else defeats(outside),
        () if outside is None else unanswered(outside),
    )
