"""argmap on synthetic corpora of growing size, beside rdflib-endpoint and oxigraph serve-read-only.

Run: .venv/bin/python bench/corpus_bench.py [--sizes 10000,100000,1000000] [--seed 0]
     [--requests 200] [--load-seconds 10] [--clients 1,8,32] [--query-timeout 10]
     [--max-seconds 3600] [--plot bench/corpus.png] [--no-reason]
Needs the dev and bench extras (`pip install -e '.[dev,bench]'`: oxigraph, rdflib-endpoint,
matplotlib). For each size (in quads), it writes a corpus with bench/corpus.py and then:

1. imports it with `argmap import FILE` into a fresh store (ARGMAP_STORE), the default path with
   validation and HermiT (`--no-reason` leaves HermiT out): wall time and quads/s;
2. starts `argmap serve` on that store and times the start to the first /sparql answer (and to
   /healthz); then, one request at a time on one keep-alive connection, the p50 and p99 of
   `/recommendations/{map}/rec`, `/queries/underminers-of?claim=...`, the point query
   `?u am:supports+ <rec>` and a corpus query (underminers per recommendation over every map,
   GROUP BY, ORDER BY DESC, LIMIT 10) on /sparql; then the point query from 1, 8 and 32
   keep-alive clients at once (requests/s, p50, p99); the RSS and PSS of the service with its
   worker processes, idle and at their peak under load;
3. runs the same /sparql queries the same way against `oxigraph serve-read-only
   --union-default-graph` on a copy of the store (the floor: Rust, no Python) and
   `rdflib-endpoint serve` of an N-Quads dump of the store (pure Python), so that all three
   answer from the same quads, one server at a time; it checks that they give the same answers.

It prints markdown tables with the machine (cores, RAM) and the date, and draws latency against
corpus size to `--plot`. `--max-seconds` bounds the whole run: a step that would pass it is
stopped (an import is killed) and the sizes after it are left out, which the tables say.
The clients are threads of this process and share the cores with the server measured.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import platform
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode

import pyoxigraph as ox

from corpus import BASE, map_id, maps_for_quads, write_corpus
from procs import descendants, free_port, pss_kb, rss_kb

AM = "https://w3id.org/argmap#"
JSON_RESULTS = "application/sparql-results+json"
CORPUS_QUERY = f"""PREFIX am: <{AM}>
SELECT ?rec (COUNT(DISTINCT ?u) AS ?underminers) WHERE {{
  ?rec a am:Recommendation .
  {{ ?u am:rebuts ?rec }} UNION {{ ?support am:to ?rec . ?u am:undercuts ?support }}
}}
GROUP BY ?rec ORDER BY DESC(?underminers) ?rec LIMIT 10"""
ENGINES = ("argmap", "oxigraph", "rdflib-endpoint")
CORPUS_REQUESTS = 30
"""The corpus query reads every map: fewer runs of it than of the point query."""


def say(message: str) -> None:
    """A line of progress on stderr (the tables go to stdout)."""
    print(f"[{datetime.now(UTC):%H:%M:%S}] {message}", file=sys.stderr, flush=True)


def point_query(rec: str) -> str:
    """The point query of the README: every claim that supports `rec` through a chain."""
    return f"PREFIX am: <{AM}> SELECT ?u WHERE {{ ?u am:supports+ <{rec}> }}"


def rec_of(seed: int, index: int) -> str:
    """The IRI of the recommendation of map `index`."""
    return f"{BASE}{map_id(seed, index)}/rec"


# -- the run's time budget ---------------------------------------------------------------------


class Budget:
    """The seconds left of --max-seconds."""

    def __init__(self, seconds: float) -> None:
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        return self.deadline - time.monotonic()


class OutOfTime(Exception):
    """The run reached --max-seconds."""


# -- servers --------------------------------------------------------------------------------


@dataclass
class Server:
    """A server process this bench started: its name, port and SPARQL path."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    sparql_path: str
    log: Path
    started: float

    def stop(self) -> None:
        """SIGTERM, then SIGKILL after 30 s; only this process, which this bench started."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)

    def memory_mb(self) -> tuple[float, float, int]:
        """The RSS and PSS (MB) of the server with its descendants, and how many processes."""
        pids = descendants(self.process.pid)
        rss = sum(rss_kb(p) for p in pids) / 1024
        pss = sum(pss_kb(p) for p in pids) / 1024
        return rss, pss, len(pids)


def launch(
    name: str, command: list[str], env: dict[str, str], port: int, path: str, work: Path
) -> Server:
    """Start a server with its output in a log file."""
    log = work / f"{name}.log"
    with log.open("wb") as out:
        started = time.perf_counter()
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Server(name, process, port, path, log, started)


def argmap_env(store: Path, port: int, timeout: float) -> dict[str, str]:
    # Settings of the caller's shell (a remote endpoint, say) must not reach the bench's service.
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env.update(
        ARGMAP_STORE=str(store),
        ARGMAP_HOST="127.0.0.1",
        ARGMAP_PORT=str(port),
        ARGMAP_QUERY_TIMEOUT_S=f"{timeout:g}",
    )
    return env


def tool(name: str) -> str:
    """A command installed beside this interpreter (the venv's), else on PATH."""
    beside = Path(sys.executable).with_name(name)
    found = str(beside) if beside.exists() else shutil.which(name)
    if not found:
        raise SystemExit(f"`{name}` is missing: pip install -e '.[dev,bench]'")
    return found


def first_answer(server: Server, probe: Callable[[Connection], bool], budget: Budget) -> float:
    """Seconds from the server's start until `probe` first succeeds (polled every 20 ms)."""
    while True:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited:\n{server.log.read_text()[-3000:]}")
        if budget.left() <= 0:
            raise OutOfTime(f"{server.name} did not answer before --max-seconds")
        connection = Connection(server.port, 10.0)
        try:
            if probe(connection):
                return time.perf_counter() - server.started
        except (http.client.HTTPException, OSError):
            pass  # not listening yet, or it closed the connection while starting
        finally:
            connection.close()
        time.sleep(0.02)


# -- requests -------------------------------------------------------------------------------


class Connection:
    """One keep-alive HTTP connection to a server on loopback."""

    def __init__(self, port: int, timeout: float) -> None:
        self.port, self.timeout = port, timeout
        self.http = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def get(self, path: str, params: dict[str, str], accept: str) -> tuple[int, bytes]:
        """GET `path` with `params`; the status and body. A broken connection is reopened."""
        target = f"{path}?{urlencode(params)}" if params else path
        try:
            self.http.request("GET", target, headers={"Accept": accept})
            response = self.http.getresponse()
            return response.status, response.read()
        except (http.client.HTTPException, OSError):
            self.http.close()
            self.http = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
            raise

    def close(self) -> None:
        self.http.close()


@dataclass(frozen=True)
class Request:
    """A GET: its path, parameters and Accept header."""

    path: str
    params: dict[str, str]
    accept: str = "application/json"


@dataclass
class Timings:
    """The times (seconds) of the requests that answered 200, and the failures by kind."""

    seconds: list[float] = field(default_factory=list)
    errors: dict[str, int] = field(default_factory=dict)
    wall_s: float = 0.0

    def fail(self, why: str) -> None:
        self.errors[why] = self.errors.get(why, 0) + 1

    @property
    def n(self) -> int:
        return len(self.seconds)


def timed(connection: Connection, request: Request, into: Timings) -> bytes | None:
    """Send one request, adding its time (or its failure) to `into`; the body of a 200."""
    start = time.perf_counter()
    try:
        status, body = connection.get(request.path, request.params, request.accept)
    except (http.client.HTTPException, OSError) as exc:
        into.fail(type(exc).__name__)
        return None
    if status != 200:
        into.fail(f"status {status}")
        return None
    into.seconds.append(time.perf_counter() - start)
    return body


def sequential(port: int, requests: list[Request], budget_s: float, timeout: float) -> Timings:
    """The requests one after another on one keep-alive connection, after two warm-up ones."""
    out = Timings()
    connection = Connection(port, timeout)
    try:
        for request in requests[:2]:
            timed(connection, request, Timings())
        start = time.perf_counter()
        for request in requests:
            if time.perf_counter() - start > budget_s:
                break
            timed(connection, request, out)
            if out.errors.get("TimeoutError"):
                break  # a server still busy with a timed-out query would skew the rest
        out.wall_s = time.perf_counter() - start
    finally:
        connection.close()
    return out


def concurrent(
    server: Server, requests: list[Request], clients: int, seconds: float, timeout: float
) -> tuple[Timings, tuple[float, float, int]]:
    """`clients` keep-alive clients sending requests for `seconds`; the peak memory meanwhile."""
    results = [Timings() for _ in range(clients)]
    stop = threading.Event()

    def client(index: int) -> None:
        connection = Connection(server.port, timeout)
        try:
            j = index
            while not stop.is_set():
                if timed(connection, requests[j % len(requests)], results[index]) is None:
                    time.sleep(0.05)  # a refusing or dead server is not hammered in a loop
                j += clients
        finally:
            connection.close()

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    peak = server.memory_mb()
    start = time.perf_counter()
    for thread in threads:
        thread.start()
    while time.perf_counter() - start < seconds:
        time.sleep(0.2)
        with suppress(OSError):
            now = server.memory_mb()
            peak = (max(peak[0], now[0]), max(peak[1], now[1]), max(peak[2], now[2]))
    stop.set()
    for thread in threads:
        thread.join(timeout + 5)
    wall = time.perf_counter() - start
    merged = Timings(wall_s=wall)
    for result in results:
        merged.seconds += result.seconds
        for why, count in result.errors.items():
            merged.errors[why] = merged.errors.get(why, 0) + count
    return merged, peak


def bindings(body: bytes | None) -> list[tuple[str, ...]] | None:
    """The rows of a SPARQL JSON result as tuples of values, sorted by variable name."""
    if body is None:
        return None
    rows = json.loads(body)["results"]["bindings"]
    return [tuple(row[k]["value"] for k in sorted(row)) for row in rows]


# -- one size -------------------------------------------------------------------------------


@dataclass
class EngineResult:
    """What one server did at one size."""

    first_answer_s: float | None = None
    point: Timings | None = None
    corpus: Timings | None = None
    load: dict[int, Timings] = field(default_factory=dict)
    idle_memory: tuple[float, float, int] | None = None
    peak_memory: tuple[float, float, int] | None = None
    answers: tuple[object, object] | None = None


@dataclass
class SizeResult:
    """Everything measured at one corpus size."""

    target: int
    maps: int = 0
    quads: int = 0
    stored_quads: int = 0
    import_s: float | None = None
    import_status: str = "not run"
    oxigraph_load_s: float | None = None
    oxigraph_load_stored_s: float | None = None
    healthz_s: float | None = None
    recommendations: Timings | None = None
    underminers: Timings | None = None
    engines: dict[str, EngineResult] = field(default_factory=dict)
    note: str = ""


@dataclass
class Options:
    """The command line, as the steps use it."""

    seed: int
    requests: int
    load_seconds: float
    clients: list[int]
    query_timeout: float
    reason: bool

    @property
    def client_timeout(self) -> float:
        # Past the service's own limit, so that its 503 arrives rather than our timeout.
        return self.query_timeout + 30


def run_import(corpus: Path, store: Path, opts: Options, budget: Budget, log: Path) -> float:
    """`argmap import` of the corpus into a fresh store; its wall time. Killed at the budget."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ARGMAP_")}
    env["ARGMAP_STORE"] = str(store)
    command = [tool("argmap"), "import", str(corpus), *([] if opts.reason else ["--no-reason"])]
    start = time.perf_counter()
    with log.open("wb") as out:
        process = subprocess.Popen(command, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            code = process.wait(timeout=max(1.0, budget.left()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=30)
            raise OutOfTime(
                f"argmap import stopped after {time.perf_counter() - start:.0f} s"
            ) from None
    elapsed = time.perf_counter() - start
    if code != 0:
        raise SystemExit(f"argmap import failed ({code}):\n{log.read_text()[-3000:]}")
    return elapsed


def oxigraph_load(corpus: Path, location: Path, budget: Budget) -> float:
    """`oxigraph load` of the corpus into a new store, no checks: the engine's own speed."""
    command = [tool("oxigraph"), "load", "--location", str(location), "--file", str(corpus)]
    start = time.perf_counter()
    try:
        subprocess.run(command, check=True, capture_output=True, timeout=max(1.0, budget.left()))
        elapsed = time.perf_counter() - start
    except subprocess.TimeoutExpired:
        stopped = time.perf_counter() - start
        raise OutOfTime(f"oxigraph load stopped after {stopped:.0f} s") from None
    finally:
        shutil.rmtree(location, ignore_errors=True)
    return elapsed


def measure_sparql(
    server: Server, result: EngineResult, size: SizeResult, opts: Options, budget: Budget
) -> None:
    """The point query, the corpus query and the concurrent load against one server."""
    rng = random.Random(opts.seed)
    recs = [rec_of(opts.seed, rng.randrange(size.maps)) for _ in range(opts.requests)]
    path, timeout = server.sparql_path, opts.client_timeout
    points = [Request(path, {"query": point_query(r)}, JSON_RESULTS) for r in recs]
    corpus = [Request(path, {"query": CORPUS_QUERY}, JSON_RESULTS)] * CORPUS_REQUESTS
    phase_s = max(5.0, min(60.0, budget.left() / 8))
    result.idle_memory = server.memory_mb()
    # The answers to compare across servers; the first runs warm each server up too.
    connection = Connection(server.port, timeout)
    whole_timings = Timings()
    try:
        first = timed(connection, points[0], Timings())
        whole = timed(connection, corpus[0], whole_timings)
    finally:
        connection.close()
    if first is not None and whole is not None:
        result.answers = (sorted(bindings(first) or []), bindings(whole))
    result.point = sequential(server.port, points, phase_s, timeout)
    say(f"{server.name}: point query p50 {ms(p50(result.point))} ms")
    if whole_timings.errors.get("TimeoutError"):
        result.corpus = whole_timings  # it ran past the client's timeout once: not again
    else:
        result.corpus = sequential(server.port, corpus, phase_s, timeout)
    say(f"{server.name}: corpus query p50 {ms(p50(result.corpus))} ms")
    peak = result.idle_memory
    for clients in opts.clients:
        if budget.left() < opts.load_seconds + 10:
            raise OutOfTime(f"no time left for {clients} clients on {server.name}")
        result.load[clients], seen = concurrent(server, points, clients, opts.load_seconds, timeout)
        done = result.load[clients]
        say(f"{server.name}: {clients} clients, {done.n / done.wall_s:.0f} requests/s")
        if server.process.poll() is not None:
            done.fail(f"the server exited ({server.process.returncode})")
            say(f"{server.name} exited:\n{server.log.read_text(errors='replace')[-2000:]}")
            break
        peak = (max(peak[0], seen[0]), max(peak[1], seen[1]), max(peak[2], seen[2]))
    result.peak_memory = peak


def sparql_probe(path: str, query: str) -> Callable[[Connection], bool]:
    def probe(connection: Connection) -> bool:
        status, _ = connection.get(path, {"query": query}, JSON_RESULTS)
        return status == 200

    return probe


def run_size(
    target: int, opts: Options, budget: Budget, work: Path
) -> tuple[SizeResult, str | None]:
    """One size, and why it stopped early (None when it did not): what `measure_size` got."""
    size = SizeResult(target)
    try:
        measure_size(size, opts, budget, work)
    except OutOfTime as exc:
        return size, str(exc)
    return size, None


def measure_size(size: SizeResult, opts: Options, budget: Budget, work: Path) -> None:
    """Write, import and serve one corpus; measure argmap, then the floor, then rdflib."""
    target = size.target
    size.maps = maps_for_quads(target, opts.seed)
    corpus_file = work / "corpus.nq"
    with corpus_file.open("w", encoding="utf-8") as out:
        size.quads = write_corpus(out, size.maps, opts.seed)
    store = work / "store"
    try:
        size.import_status = "running"
        say(f"{size.quads:,} quads in {size.maps:,} maps: argmap import")
        size.import_s = run_import(corpus_file, store, opts, budget, work / "import.log")
        size.import_status = "done"
        say(f"imported in {size.import_s:.1f} s")
    except OutOfTime as exc:
        size.import_status = str(exc)
        raise
    size.oxigraph_load_s = oxigraph_load(corpus_file, work / "load-reference", budget)
    say(f"oxigraph load of the same file: {size.oxigraph_load_s:.1f} s")
    # The other servers read the very quads argmap stored: maps, inferred graphs, ontology.
    held = ox.Store.read_only(str(store))
    size.stored_quads = len(held)
    dump = work / "store.nq"
    held.dump(str(dump), format=ox.RdfFormat.N_QUADS)
    del held
    # What argmap writes is several times the file (inferences, evaluations): the engine's own
    # time to store just that is the floor of any import that validates and then writes it.
    size.oxigraph_load_stored_s = oxigraph_load(dump, work / "load-stored", budget)
    say(f"oxigraph load of what argmap stored: {size.oxigraph_load_stored_s:.1f} s")
    floor_store = work / "floor-store"
    shutil.copytree(store, floor_store, ignore=shutil.ignore_patterns("LOCK"))
    point = point_query(rec_of(opts.seed, 0))
    rng = random.Random(opts.seed + 1)
    picks = [map_id(opts.seed, rng.randrange(size.maps)) for _ in range(opts.requests)]

    port = free_port()
    env = argmap_env(store, port, opts.query_timeout)
    server = launch("argmap", [tool("argmap"), "serve"], env, port, "/sparql", work)
    try:
        result = size.engines["argmap"] = EngineResult()

        def healthz(connection: Connection) -> bool:
            return connection.get("/healthz", {}, "application/json")[0] == 200

        size.healthz_s = first_answer(server, healthz, budget)
        result.first_answer_s = first_answer(server, sparql_probe("/sparql", point), budget)
        phase_s = max(5.0, min(60.0, budget.left() / 8))
        recommendations = [Request(f"/recommendations/{m}/rec", {}) for m in picks]
        size.recommendations = sequential(port, recommendations, phase_s, opts.client_timeout)
        underminers = [
            Request("/queries/underminers-of", {"claim": f"{BASE}{m}/rec"}) for m in picks
        ]
        size.underminers = sequential(port, underminers, phase_s, opts.client_timeout)
        measure_sparql(server, result, size, opts, budget)
    finally:
        server.stop()

    port = free_port()
    command = [tool("oxigraph"), "serve-read-only", "--location", str(floor_store)]
    # No --timeout-s: with it, oxigraph starts a thread per query that sleeps out the limit,
    # so a thousand queries a second pile up threads until it cannot start one and aborts.
    command += ["--bind", f"127.0.0.1:{port}", "--union-default-graph"]
    server = launch("oxigraph", command, dict(os.environ), port, "/query", work)
    try:
        result = size.engines["oxigraph"] = EngineResult()
        result.first_answer_s = first_answer(server, sparql_probe("/query", point), budget)
        measure_sparql(server, result, size, opts, budget)
    finally:
        server.stop()

    port = free_port()
    command = [tool("rdflib-endpoint"), "serve", str(dump), "--host", "127.0.0.1"]
    command += ["--port", str(port)]
    server = launch("rdflib-endpoint", command, dict(os.environ), port, "/", work)
    try:
        result = size.engines["rdflib-endpoint"] = EngineResult()
        result.first_answer_s = first_answer(server, sparql_probe("/", point), budget)
        measure_sparql(server, result, size, opts, budget)
    finally:
        server.stop()


# -- the report -----------------------------------------------------------------------------


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(value: float | None) -> str:
    return "-" if value is None or value != value else f"{value * 1000:.1f}"


def p50(t: Timings | None) -> float | None:
    return percentile(t.seconds, 50) if t and t.seconds else None


def p99(t: Timings | None) -> float | None:
    return percentile(t.seconds, 99) if t and t.seconds else None


def ratio(a: float | None, b: float | None) -> str:
    return f"{a / b:.1f}" if a and b else "-"


def errors(t: Timings | None) -> str:
    if t is None or not t.errors:
        return "0"
    return ", ".join(f"{n} {why}" for why, n in sorted(t.errors.items()))


def engine_errors(timings: dict[str, Timings | None]) -> str:
    failed = [f"{n}: {errors(timings.get(n))}" for n in ENGINES if errors(timings.get(n)) != "0"]
    return ", ".join(failed) or "none"


def markdown(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table; columns after the first are right-aligned."""
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def machine() -> str:
    """Cores, memory, CPU model, load and date, in one line."""
    memory_kb = 0
    with suppress(OSError, ValueError, IndexError):
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kb = int(line.split()[1])
    model = ""
    with suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    date = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    return (
        f"{os.cpu_count()} cores ({model or platform.machine()}), "
        f"{memory_kb / 1024 / 1024:.1f} GiB RAM, Python {platform.python_version()}, "
        f"1-minute load {load} at the start; {date}"
    )


def size_label(size: SizeResult) -> str:
    return f"{size.quads:,} ({size.maps:,} maps)"


def report(sizes: list[SizeResult], opts: Options, header: str, stopped: str | None) -> None:
    """Print every table."""
    print(f"## argmap on synthetic corpora ({header})")
    print()
    if stopped:
        print(f"**Stopped at --max-seconds: {stopped}.** Later sizes were not run.")
        print()
    print("### Import through `argmap import` (default path: shapes, checks, rules", end="")
    print(", HermiT)" if opts.reason else "; HermiT left out with --no-reason)")
    print()
    rows = [
        [
            size_label(s),
            f"{s.import_s:.1f}" if s.import_s else "-",
            f"{s.quads / s.import_s:,.0f}" if s.import_s else "-",
            f"{s.quads / s.oxigraph_load_s:,.0f}" if s.oxigraph_load_s else "-",
            ratio(s.import_s, s.oxigraph_load_s),
            f"{s.stored_quads:,}" if s.stored_quads else "-",
            f"{s.oxigraph_load_stored_s:.1f}" if s.oxigraph_load_stored_s else "-",
            ratio(s.import_s, s.oxigraph_load_stored_s),
            s.import_status,
        ]
        for s in sizes
    ]
    headers = ["corpus quads", "wall s", "quads/s", "`oxigraph load` quads/s", "time ×"]
    stored = ["quads stored", "`oxigraph load` of them, s", "time ×"]
    print(markdown([*headers, *stored, "status"], rows))
    print()
    print("`oxigraph load`: the same file into a new store, with no checks and no rules; time ×:")
    print("argmap's wall time over its.")
    print("quads stored: the maps, their inferred and evaluation graphs and the ontology, which")
    print("the other servers then read; `oxigraph load` of them: the engine storing just those")
    print("(a dump of argmap's store), the floor of an import that writes them; time ×: argmap's")
    print("wall time over that.")
    print()
    print("### Start to first answer (s)")
    print()
    rows = []
    for s in sizes:
        first = {name: e.first_answer_s for name, e in s.engines.items()}
        rows.append(
            [
                size_label(s),
                f"{s.healthz_s:.2f}" if s.healthz_s else "-",
                *(f"{first[n]:.2f}" if first.get(n) else "-" for n in ENGINES),
            ]
        )
    headers = ["corpus quads", "argmap /healthz", "argmap /sparql", "oxigraph", "rdflib-endpoint"]
    print(markdown(headers, rows))
    print()
    print("From the server's start to its first 200 to the point query (rdflib-endpoint's")
    print("includes parsing the N-Quads dump, since it keeps the data in memory only).")
    print()
    print("### argmap's REST routes (ms, one request at a time, keep-alive)")
    print()
    rows = []
    for s in sizes:
        for label, t in (
            ("GET /recommendations/{map}/rec", s.recommendations),
            ("GET /queries/underminers-of", s.underminers),
        ):
            if t is not None:
                rows.append([size_label(s), label, str(t.n), ms(p50(t)), ms(p99(t)), errors(t)])
    print(markdown(["corpus quads", "route", "requests", "p50", "p99", "errors"], rows))
    print()
    for title, what in (
        ("the point query `?u am:supports+ <rec>`", "point"),
        ("the corpus query (underminers per recommendation, top 10)", "corpus"),
    ):
        print(f"### /sparql: {title} (ms, one at a time, keep-alive)")
        print()
        rows = []
        for s in sizes:
            by_engine = {n: of_engine(n, what)(s) for n in ENGINES}
            row = [size_label(s)]
            for n in ENGINES:
                row += [ms(p50(by_engine[n])), ms(p99(by_engine[n]))]
            row += [
                ratio(p50(by_engine["argmap"]), p50(by_engine["oxigraph"])),
                ratio(p50(by_engine["rdflib-endpoint"]), p50(by_engine["argmap"])),
                engine_errors(by_engine),
            ]
            rows.append(row)
        headers = ["corpus quads"]
        for n in ENGINES:
            headers += [f"{n} p50", f"{n} p99"]
        headers += ["argmap/oxigraph p50", "rdflib-endpoint/argmap p50", "errors"]
        print(markdown(headers, rows))
        print()
    print(f"### /sparql throughput: the point query, {opts.load_seconds:g} s per level")
    print()
    rows = []
    for s in sizes:
        for clients in opts.clients:
            loads = {n: e.load.get(clients) for n, e in s.engines.items()}
            rate = {n: (t.n / t.wall_s if t and t.wall_s else None) for n, t in loads.items()}
            row = [size_label(s), str(clients)]
            for n in ENGINES:
                t = loads.get(n)
                row += [f"{rate[n]:,.0f}" if rate.get(n) else "-", ms(p50(t)), ms(p99(t))]
            # Ratios of time per request, as in the latency tables: above 1 is slower.
            argmap_rate, floor_rate = rate.get("argmap"), rate.get("oxigraph")
            rdflib_rate = rate.get("rdflib-endpoint")
            row += [
                ratio(floor_rate, argmap_rate),
                ratio(argmap_rate, rdflib_rate),
                engine_errors(loads),
            ]
            rows.append(row)
    headers = ["corpus quads", "clients"]
    for n in ENGINES:
        headers += [f"{n} req/s", "p50 ms", "p99 ms"]
    headers += ["argmap/oxigraph", "rdflib-endpoint/argmap", "errors"]
    print(markdown(headers, rows))
    print()
    print("The ratios are of time per request (the inverse of requests/s): above 1 is slower.")
    print()
    print("### Memory (MB): the server with all its processes")
    print()
    rows = []
    for s in sizes:
        for n in ENGINES:
            e = s.engines.get(n)
            if e is None or e.idle_memory is None:
                continue
            idle, peak = e.idle_memory, e.peak_memory or e.idle_memory
            rows.append(
                [
                    size_label(s),
                    n,
                    f"{idle[0]:.0f}",
                    f"{peak[0]:.0f}",
                    f"{idle[1]:.0f}",
                    f"{peak[1]:.0f}",
                    f"{idle[2]}-{peak[2]}",
                ]
            )
    headers = ["corpus quads", "server", "RSS idle", "RSS peak", "PSS idle", "PSS peak"]
    print(markdown([*headers, "processes"], rows))
    print()
    print("Idle: after the first answers; peak: sampled every 0.2 s under the concurrent load.")
    print("RSS counts the pages forked workers share with their fork server in each of them;")
    print("PSS splits them.")
    print()
    disagree = []
    for s in sizes:
        answers = {n: e.answers for n, e in s.engines.items() if e.answers is not None}
        if len({json.dumps(a) for a in answers.values()}) > 1:
            disagree.append(f"{size_label(s)}: " + ", ".join(sorted(answers)))
    if disagree:
        print("**The servers gave different answers** to the point or corpus query at: ")
        print("; ".join(disagree))
    else:
        print("The servers that answered gave the same answers to the point and corpus queries:")
    for s in sizes:
        answers = {n: e.answers for n, e in s.engines.items() if e.answers is not None}
        if answers:
            point, whole = next(iter(answers.values()))
            top = ", ".join(row[1] for row in whole) if isinstance(whole, list) else "-"
            print(
                f"- {size_label(s)}: {', '.join(sorted(answers))}; the point query found "
                f"{len(point) if isinstance(point, list) else '-'} supporters of the first "
                f"map's recommendation; the corpus query's top counts: {top}."
            )


Pick = Callable[[SizeResult], "Timings | None"]


def of_engine(name: str, what: str) -> Pick:
    """Reads one engine's timings of one query from a size."""

    def pick(size: SizeResult) -> Timings | None:
        engine = size.engines.get(name)
        found = getattr(engine, what) if engine is not None else None
        return found if isinstance(found, Timings) else None

    return pick


def of_size(what: str) -> Pick:
    """Reads the timings of one of argmap's REST routes from a size."""

    def pick(size: SizeResult) -> Timings | None:
        found = getattr(size, what)
        return found if isinstance(found, Timings) else None

    return pick


def plot(sizes: list[SizeResult], path: Path) -> None:
    """Latency (p50, with p99 dashed) against corpus size, log-log, one panel per query."""
    import matplotlib

    matplotlib.use("Agg")  # no display: write the file only
    import matplotlib.pyplot as plt

    done = [s for s in sizes if s.engines]
    if not done:
        return
    figure, (left, right) = plt.subplots(1, 2, figsize=(11, 4.5))
    panels = [
        (
            left,
            "point query and argmap's REST routes",
            [(f"{n}: supports+", of_engine(n, "point")) for n in ENGINES]
            + [
                ("argmap: /recommendations", of_size("recommendations")),
                ("argmap: /queries/underminers-of", of_size("underminers")),
            ],
        ),
        (
            right,
            "corpus query (underminers per recommendation)",
            [(n, of_engine(n, "corpus")) for n in ENGINES],
        ),
    ]
    for axes, title, series in panels:
        for label, pick in series:
            points = [(s.quads, pick(s)) for s in done]
            xs = [x for x, t in points if p50(t)]
            medians = [(p50(t) or 0) * 1000 for _, t in points if p50(t)]
            tails = [(p99(t) or 0) * 1000 for _, t in points if p50(t)]
            if not xs:
                continue
            (line,) = axes.plot(xs, medians, marker="o", label=label)
            axes.plot(xs, tails, linestyle="--", marker="x", color=line.get_color(), alpha=0.5)
        axes.set_xscale("log")
        axes.set_yscale("log")
        axes.set_xlabel("corpus size (quads)")
        axes.set_ylabel("latency (ms): p50, p99 dashed")
        axes.set_title(title)
        axes.grid(True, which="both", alpha=0.3)
        axes.legend(fontsize=8)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)


def main() -> None:
    """Parse the command line, run every size within the budget, print and plot."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000", help="corpus sizes in quads")
    parser.add_argument("--seed", type=int, default=0, help="the corpus's seed")
    parser.add_argument("--requests", type=int, default=200, help="requests per latency")
    parser.add_argument("--load-seconds", type=float, default=10.0, help="per client level")
    parser.add_argument("--clients", default="1,8,32", help="concurrent clients, in turn")
    parser.add_argument(
        "--query-timeout", type=float, default=10.0, help="ARGMAP_QUERY_TIMEOUT_S of the service"
    )
    parser.add_argument("--max-seconds", type=float, default=3600.0, help="bound of the run")
    parser.add_argument("--plot", type=Path, default=Path(__file__).with_name("corpus.png"))
    parser.add_argument("--no-reason", action="store_true", help="import without HermiT")
    parser.add_argument("--keep", type=Path, help="keep the corpora and stores in this folder")
    args = parser.parse_args()
    opts = Options(
        seed=args.seed,
        requests=args.requests,
        load_seconds=args.load_seconds,
        clients=[int(c) for c in args.clients.split(",")],
        query_timeout=args.query_timeout,
        reason=not args.no_reason,
    )
    targets = sorted(int(s.replace("_", "")) for s in args.sizes.split(","))
    budget = Budget(args.max_seconds)
    header = machine()
    sizes: list[SizeResult] = []
    stopped: str | None = None
    with tempfile.TemporaryDirectory(prefix="argmap-corpus-") as tmp:
        root = args.keep or Path(tmp)
        for target in targets:
            work = root / f"size-{target}"
            if work.exists():
                shutil.rmtree(work)
            work.mkdir(parents=True)
            say(f"size {target:,}: starting, {budget.left():.0f} s left")
            size, why = run_size(target, opts, budget, work)
            sizes.append(size)
            if not args.keep:
                shutil.rmtree(work)
            if why is not None:
                stopped = f"{target:,} quads: {why}"
                break
    report(sizes, opts, header, stopped)
    plot(sizes, args.plot)
    print()
    print(f"Plot: {args.plot}")


if __name__ == "__main__":
    main()
