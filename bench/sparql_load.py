"""Load the service: clients of mixed small requests while other clients send runaway queries.

Run: .venv/bin/python bench/sparql_load.py [--clients 32] [--requests 3000]
     [--runaway-clients 4] [--timeout 2] [--calm-requests N] [--max-seconds 2400]
Copies the built store (ARGMAP_STORE, default .argmap/store; built into a temporary folder if
missing) and starts `argmap serve` on it in its own process with ARGMAP_QUERY_TIMEOUT_S set to
--timeout. It times each kind of request alone, then runs `--clients` keep-alive clients (threads
of this process) that each send `--calm-requests` mixed normal requests (small /sparql queries,
the JSON routes, /healthz; default a tenth of --requests) with no runaways, then `--requests`
each while `--runaway-clients` more clients send runaway queries nonstop, so that the p50 and
p99 with and without runaways come from one run. Every normal answer must be a 200 with the
body of the warm-up; every runaway must be a 503 within the limit plus one second. The total
RSS and PSS of the service and its workers are sampled every 0.2 s (before, during, after), with
the CPU of the service, of the clients and of the rest of the machine; after the runaways stop
it waits until the service and its workers are idle. It prints markdown tables. The clients
share the cores with the service: each time includes the client's own delays, which it measures.
`--max-seconds` bounds the two load phases together (starting and settling add at most three
minutes).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from procs import TICK_S, cpu_s, descendants, find_store, free_port, pss_kb, rss_kb

AM = "https://w3id.org/argmap#"
MAP = "gallagher-2022"
CLAIM = f"https://w3id.org/argmap/map/{MAP}/idc-rec-iii"
POINT = f"PREFIX am: <{AM}> SELECT ?u WHERE {{ ?u am:supports+ <{CLAIM}> }}"
CONSTRUCT = f"CONSTRUCT {{ <{CLAIM}> ?p ?o }} WHERE {{ <{CLAIM}> ?p ?o }}"
RUNAWAY_ORDER = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i } ORDER BY ?c ?f ?i LIMIT 1"
RUNAWAY_COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
SAMPLE_EVERY_S = 0.2
CPU_WINDOW_S = 0.5
IDLE_CPU_S = 0.01
"""A 0.5 s window in which the service and its workers used at most this much CPU is idle."""


@dataclass(frozen=True)
class Kind:
    """One kind of request: a route with its parameters and headers."""

    name: str
    path: str
    params: dict[str, str] = field(default_factory=dict)
    headers: dict[str, str] = field(default_factory=dict)
    small_query: bool = False


KINDS = [
    Kind("sparql SELECT supports+", "/sparql", {"query": POINT}, small_query=True),
    Kind("sparql ASK {}", "/sparql", {"query": "ASK {}"}, small_query=True),
    Kind(
        "sparql CONSTRUCT",
        "/sparql",
        {"query": CONSTRUCT},
        {"Accept": "text/turtle"},
        small_query=True,
    ),
    Kind("GET /maps", "/maps"),
    Kind(f"GET /recommendations/{MAP}/idc-rec-iii", f"/recommendations/{MAP}/idc-rec-iii"),
    Kind("GET /queries/underminers-of", "/queries/underminers-of", {"claim": CLAIM}),
    Kind("GET /healthz", "/healthz"),
]
RUNAWAYS = [("3-way join ORDER BY", RUNAWAY_ORDER), ("4-way COUNT(*)", RUNAWAY_COUNT)]


@dataclass
class Outcome:
    """What one request got: its kind, how long it took, and what was wrong with it (if any)."""

    kind: str
    seconds: float
    at: float
    error: str | None = None
    status: int | None = None
    reason: str | None = None


# -- the service's processes ----------------------------------------------------------------


def tree_cpu(pid: int) -> dict[int, float]:
    """CPU seconds so far of each live process of the tree; the root's include dead workers."""
    times = {p: cpu_s(p, reaped=p == pid) for p in descendants(pid)}
    return {p: t for p, t in times.items() if t is not None}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU the tree used between two readings (a process that started since counts from zero).

    Workers are forked by a fork server that lets the kernel reap them, so nobody's reaped
    time holds a dead worker's: what it used after the first reading is missed. Readings
    0.2 s apart (the sampler's) keep that small.
    """
    return sum(max(0.0, t - before.get(p, 0.0)) for p, t in after.items())


def machine_busy_s() -> float:
    """CPU seconds all cores have been busy since boot (/proc/stat, all but idle and iowait)."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(values[:8]) - values[3] - values[4]) * TICK_S


def own_cpu_s() -> float:
    """CPU seconds of this process (the load generator), all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


class Sampler(threading.Thread):
    """Samples the total RSS and the process count of a tree every 0.2 s, labelled by phase."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.phase = "before"
        self.samples: list[tuple[str, float, int, int, int]] = []
        self.pids: set[int] = set()
        self.cpu: dict[str, float] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        last = tree_cpu(self.pid)
        while not self.stop.is_set():
            try:
                pids = descendants(self.pid)
                rss, pss = sum(rss_kb(p) for p in pids), sum(pss_kb(p) for p in pids)
                now = tree_cpu(self.pid)
            except OSError:  # a process went while being read: sample again
                continue
            self.pids.update(pids)
            self.samples.append((self.phase, time.monotonic(), rss, pss, len(pids)))
            self.cpu[self.phase] = self.cpu.get(self.phase, 0.0) + cpu_used(last, now)
            last = now
            self.stop.wait(SAMPLE_EVERY_S)

    def of(self, phase: str) -> list[tuple[float, int, int, int]]:
        """The (time, RSS KiB, PSS KiB, processes) samples of one phase."""
        return [(t, rss, pss, n) for p, t, rss, pss, n in self.samples if p == phase]


def start_service(
    store: Path, port: int, timeout: float, extra: dict[str, str], log: Path
) -> subprocess.Popen[bytes]:
    """`argmap serve` on a copy of the store; its output goes to `log`."""
    env = {
        **os.environ,
        "ARGMAP_STORE": str(store),
        "ARGMAP_HOST": "127.0.0.1",
        "ARGMAP_PORT": str(port),
        "ARGMAP_QUERY_TIMEOUT_S": f"{timeout:g}",
        **extra,
    }
    argmap = str(Path(sys.executable).with_name("argmap"))
    with log.open("wb") as out:
        return subprocess.Popen([argmap, "serve"], env=env, stdout=out, stderr=subprocess.STDOUT)


def wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"argmap serve exited:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.1)
    raise SystemExit("argmap serve did not answer /healthz")


def stop_service(process: subprocess.Popen[bytes]) -> None:
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


# -- the clients ----------------------------------------------------------------------------


def reason_of(response: httpx.Response) -> str:
    """A short name for why the service refused: the start of its `detail`."""
    try:
        detail = str(response.json().get("detail", ""))
    except ValueError:
        detail = response.text
    for words, name in (
        ("needed more than", "memory limit"),
        ("and was stopped", "time limit"),
        ("ran longer than", "the service's guard, limit + 5 s"),
        ("stayed busy", "all workers busy"),
        ("worker process stopped", "worker died"),
        ("failed to open", "checkpoint open failed"),
        ("did not start", "worker did not start"),
    ):
        if words in detail:
            return name
    return detail[:60] or "no detail"


def send(client: httpx.Client, kind: Kind) -> httpx.Response:
    return client.get(kind.path, params=kind.params, headers=kind.headers)


def baselines(url: str, rounds: int) -> dict[str, set[bytes]]:
    """The bodies each kind answers before the load (warms the workers up too)."""
    seen: dict[str, set[bytes]] = {k.name: set() for k in KINDS}
    with httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(rounds):
            for kind in KINDS:
                response = send(client, kind)
                response.raise_for_status()
                seen[kind.name].add(response.content)
    return seen


def normal_client(
    index: int,
    url: str,
    requests: int,
    deadline: float,
    expected: dict[str, set[bytes]],
    out: list[Outcome],
) -> None:
    """Send `requests` mixed requests over one keep-alive connection, checking each answer."""
    with httpx.Client(base_url=url, timeout=60) as client:
        for j in range(requests):
            if time.monotonic() > deadline:
                return
            kind = KINDS[(index + j) % len(KINDS)]
            start = time.perf_counter()
            try:
                response = send(client, kind)
            except httpx.HTTPError as exc:
                elapsed = time.perf_counter() - start
                error = f"transport {type(exc).__name__}"
                out.append(Outcome(kind.name, elapsed, start, error))
                continue
            elapsed = time.perf_counter() - start
            if response.status_code != 200:
                error = f"status {response.status_code} ({reason_of(response)})"
                out.append(Outcome(kind.name, elapsed, start, error, response.status_code))
            elif response.content not in expected[kind.name]:
                out.append(Outcome(kind.name, elapsed, start, "different body", 200))
            else:
                out.append(Outcome(kind.name, elapsed, start, None, 200))


def runaway_client(
    index: int, url: str, timeout: float, stop: threading.Event, out: list[Outcome]
) -> None:
    """Send runaway queries one after another until `stop` is set."""
    with httpx.Client(base_url=url, timeout=timeout + 60) as client:
        j = 0
        while not stop.is_set():
            name, text = RUNAWAYS[(index + j) % len(RUNAWAYS)]
            j += 1
            start = time.perf_counter()
            try:
                response = client.get("/sparql", params={"query": text})
            except httpx.HTTPError as exc:
                elapsed = time.perf_counter() - start
                out.append(Outcome(name, elapsed, start, f"transport {type(exc).__name__}"))
                continue
            elapsed = time.perf_counter() - start
            reason = reason_of(response) if response.status_code != 200 else "answered"
            out.append(Outcome(name, elapsed, start, None, response.status_code, reason))


def settle(pid: int, limit_s: float) -> tuple[float | None, list[float]]:
    """Seconds until a 0.5 s window in which the tree is idle, and each window's CPU seconds."""
    start = time.monotonic()
    windows: list[float] = []
    before = tree_cpu(pid)
    while time.monotonic() - start < limit_s:
        time.sleep(CPU_WINDOW_S)
        after = tree_cpu(pid)
        used = cpu_used(before, after)
        windows.append(used)
        if used <= IDLE_CPU_S:
            return time.monotonic() - start - CPU_WINDOW_S, windows
        before = after
    return None, windows


# -- the report -----------------------------------------------------------------------------


def markdown(headers: list[str], rows: list[list[str]]) -> str:
    """A markdown table; columns after the first are right-aligned."""
    lines = ["| " + " | ".join(headers) + " |"]
    lines.append("|" + "|".join([":---"] + ["---:"] * (len(headers) - 1)) + "|")
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return float("nan")
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f}"


class LagProbe(threading.Thread):
    """How late this process's threads wake up: a 10 ms sleep, measured over and over."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.lags: list[tuple[float, float]] = []
        """(when it woke, how late), perf_counter seconds."""
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            start = time.perf_counter()
            time.sleep(0.01)
            woke = time.perf_counter()
            self.lags.append((woke, woke - start - 0.01))

    def since(self, start: float) -> list[float]:
        """The lags measured after `start`."""
        return [lag for woke, lag in self.lags if woke >= start]

    def worst(self, start: float, end: float) -> float:
        """The longest stall this process had between two instants (seconds)."""
        # A wake-up at `woke` that was `lag` late covers the stall before it.
        return max((lag for woke, lag in self.lags if start <= woke <= end + lag), default=0.0)


@dataclass
class Phase:
    """What one load phase sent and got."""

    normal: list[Outcome]
    runaways: list[Outcome]
    wall_s: float
    tail_s: float
    """How long the runaway clients went on after the normal clients ended."""
    t0: float


def run_phase(
    url: str,
    clients: int,
    requests: int,
    runaway_clients: int,
    timeout: float,
    deadline: float,
    expected: dict[str, set[bytes]],
) -> Phase:
    """Normal clients until each sent its requests (or the deadline), runaway clients meanwhile."""
    normal: list[list[Outcome]] = [[] for _ in range(clients)]
    runaway: list[list[Outcome]] = [[] for _ in range(runaway_clients)]
    stop = threading.Event()
    runners = [
        threading.Thread(target=runaway_client, args=(i, url, timeout, stop, runaway[i]))
        for i in range(runaway_clients)
    ]
    senders = [
        threading.Thread(
            target=normal_client, args=(i, url, requests, deadline, expected, normal[i])
        )
        for i in range(clients)
    ]
    t0 = time.perf_counter()
    for thread in runners + senders:
        thread.start()
    for thread in senders:
        thread.join()
    normal_done = time.perf_counter()
    stop.set()
    for thread in runners:
        thread.join()
    return Phase(
        [o for per in normal for o in per],
        [o for per in runaway for o in per],
        normal_done - t0,
        time.perf_counter() - normal_done,
        t0,
    )


def idle_latencies(url: str, rounds: int) -> dict[str, list[float]]:
    """Each kind sent alone, one request after the other on one connection."""
    times: dict[str, list[float]] = {k.name: [] for k in KINDS}
    with httpx.Client(base_url=url, timeout=30) as client:
        for _ in range(rounds):
            for kind in KINDS:
                start = time.perf_counter()
                send(client, kind).raise_for_status()
                times[kind.name].append(time.perf_counter() - start)
    return times


def latency_rows(idle: dict[str, list[float]], calm: Phase, loaded: Phase) -> list[list[str]]:
    """Per kind: idle p50; p50/p99 without runaways; count, errors, p50/p99/max with them."""
    rows = []
    names = [k.name for k in KINDS]
    small = {k.name for k in KINDS if k.small_query}
    groups = [(n, {n}) for n in names]
    groups.append(("**small /sparql queries, together**", small))
    groups.append(("**all normal requests**", set(names)))
    for label, chosen in groups:
        quiet = [t for name in chosen for t in idle[name]]
        before = [o.seconds for o in calm.normal if o.kind in chosen and o.error is None]
        group = [o for o in loaded.normal if o.kind in chosen]
        times = [o.seconds for o in group if o.error is None]
        errors = sum(o.error is not None for o in group)
        errors += sum(o.error is not None for o in calm.normal if o.kind in chosen)
        ratio = percentile(times, 50) / percentile(before, 50) if before and times else None
        rows.append(
            [
                label,
                ms(percentile(quiet, 50)),
                ms(percentile(before, 50)),
                ms(percentile(before, 99)),
                str(len(group)),
                str(errors),
                ms(percentile(times, 50)),
                ms(percentile(times, 99)),
                ms(max(times, default=float("nan"))),
                f"{ratio:.2f}" if ratio is not None else "-",
            ]
        )
    return rows


def runaway_rows(runs: list[Outcome], limit: float) -> list[list[str]]:
    """Per runaway query: how many, their statuses and reasons, times, how many were late."""
    rows = []
    for name, _ in RUNAWAYS:
        group = [o for o in runs if o.kind == name]
        times = [o.seconds for o in group]
        statuses = Counter(str(o.status) if o.error is None else o.error for o in group)
        reasons = Counter(o.reason for o in group if o.reason is not None)
        rows.append(
            [
                name,
                str(len(group)),
                ", ".join(f"{s}: {n}" for s, n in sorted(statuses.items())),
                ", ".join(f"{r}: {n}" for r, n in reasons.most_common()),
                f"{percentile(times, 50):.2f}",
                f"{percentile(times, 99):.2f}",
                f"{max(times, default=float('nan')):.2f}",
                str(sum(t > limit for t in times)),
                str(sum(o.status != 503 for o in group)),
            ]
        )
    return rows


def rss_rows(sampler: Sampler) -> list[list[str]]:
    """Total RSS and PSS of the service and its workers per phase, with the process counts."""
    rows = []
    during = sampler.of("during")
    quarter = max(1, len(during) // 4)
    phases = [
        ("before (idle, warmed up)", sampler.of("before")),
        ("load without runaways", sampler.of("calm")),
        ("load with runaways", during),
        ("with runaways: first quarter", during[:quarter]),
        ("with runaways: last quarter", during[-quarter:]),
        ("after (runaways stopped, CPU idle)", sampler.of("after")),
    ]
    for label, samples in phases:
        if not samples:
            rows.append([label, "-", "-", "-", "-", "-", "-", "0"])
            continue
        sizes = [rss / 1024 for _, rss, _, _ in samples]
        shares = [pss / 1024 for _, _, pss, _ in samples]
        counts = [n for _, _, _, n in samples]
        rows.append(
            [
                label,
                f"{min(sizes):.0f}",
                f"{statistics.median(sizes):.0f}",
                f"{max(sizes):.0f}",
                f"{statistics.median(shares):.0f}",
                f"{max(shares):.0f}",
                f"{min(counts)}-{max(counts)}",
                str(len(samples)),
            ]
        )
    return rows


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=32, help="clients of normal requests")
    parser.add_argument("--requests", type=int, default=3000, help="normal requests per client")
    parser.add_argument("--runaway-clients", type=int, default=4, help="clients of runaways")
    parser.add_argument("--timeout", type=float, default=2.0, help="ARGMAP_QUERY_TIMEOUT_S")
    parser.add_argument(
        "--calm-requests",
        type=int,
        help="requests per client of the phase without runaways first (default: a tenth)",
    )
    parser.add_argument("--idle-rounds", type=int, default=30, help="idle requests per kind")
    parser.add_argument("--workers", type=int, help="ARGMAP_SPARQL_WORKERS (service default)")
    parser.add_argument("--idle-workers", type=int, help="ARGMAP_SPARQL_IDLE_WORKERS")
    parser.add_argument(
        "--max-seconds", type=float, default=2400, help="bound of the two load phases together"
    )
    args = parser.parse_args()
    calm_requests = args.calm_requests if args.calm_requests is not None else args.requests // 10
    extra = {}
    if args.workers is not None:
        extra["ARGMAP_SPARQL_WORKERS"] = str(args.workers)
    if args.idle_workers is not None:
        extra["ARGMAP_SPARQL_IDLE_WORKERS"] = str(args.idle_workers)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        store = work / "store"
        shutil.copytree(find_store(work), store, ignore=shutil.ignore_patterns("LOCK"))
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = work / "service.log"
        process = start_service(store, port, args.timeout, extra, log)
        try:
            wait_until_up(url, process, log)
            expected = baselines(url, 5)
            sampler = Sampler(process.pid)
            sampler.start()
            time.sleep(2.0)  # the "before" samples
            idle = idle_latencies(url, args.idle_rounds)
            deadline = time.monotonic() + args.max_seconds
            load_start = loadavg()
            lag = LagProbe()
            lag.start()
            sampler.phase = "calm"
            machine_calm, own_calm = machine_busy_s(), own_cpu_s()
            calm = run_phase(url, args.clients, calm_requests, 0, args.timeout, deadline, expected)
            sampler.phase = "during"
            machine_start, own_start = machine_busy_s(), own_cpu_s()
            machine_calm, own_calm = machine_start - machine_calm, own_start - own_calm
            loaded = run_phase(
                url,
                args.clients,
                args.requests,
                args.runaway_clients,
                args.timeout,
                deadline,
                expected,
            )
            lag.stop.set()
            cpu_load = sampler.cpu.get("during", 0.0)
            machine_load = machine_busy_s() - machine_start
            own_load = own_cpu_s() - own_start
            load_end = loadavg()
            sampler.phase = "settling"
            idle_after, windows = settle(process.pid, 60.0)
            sampler.phase = "after"
            time.sleep(2.0)
            sampler.stop.set()
            sampler.join()
            exited = process.poll()
        finally:
            stop_service(process)
        log_tail = log.read_text(errors="replace").splitlines()

    sent = args.clients * args.requests
    got = len(loaded.normal)
    print(f"## /sparql under load: {args.clients} clients x {args.requests} mixed requests")
    print()
    print(
        f"{got} of {sent} normal requests in {loaded.wall_s:.1f} s "
        f"({got / loaded.wall_s:.0f} requests/s) while {args.runaway_clients} clients sent "
        f"runaways nonstop, after {len(calm.normal)} without runaways in {calm.wall_s:.1f} s "
        f"({len(calm.normal) / calm.wall_s:.0f} requests/s). ARGMAP_QUERY_TIMEOUT_S="
        f"{args.timeout:g}, other settings "
        f"{'default except ' + str(extra) if extra else 'default'}; {os.cpu_count()} cores; "
        f"{len(KINDS)} kinds of request, in turn. 1-minute load average {load_start} at the "
        f"start, {load_end} at the end."
    )
    if got < sent or len(calm.normal) < args.clients * calm_requests:
        print()
        print(f"**stopped at --max-seconds {args.max_seconds:g}: not every request was sent**")
    print()
    print("### Normal requests (ms, client side, keep-alive)")
    print()
    headers = ["kind", "idle p50", "no runaways p50", "no runaways p99", "requests", "errors"]
    headers += ["p50", "p99", "max", "p50 ratio to no runaways"]
    print(markdown(headers, latency_rows(idle, calm, loaded)))
    print()
    print(
        f"idle: {args.idle_rounds} requests of each kind, one at a time; no runaways: "
        f"{args.clients} clients x {calm_requests}; then {args.clients} x {args.requests} with "
        "the runaways (requests, p50, p99, max). Errors count both load phases."
    )
    failed = [o for o in calm.normal + loaded.normal if o.error is not None]
    errors = Counter(f"{o.kind}: {o.error}" for o in failed)
    if errors:
        print()
        print("Errors on normal requests:")
        print()
        for what, count in errors.most_common():
            print(f"- {count} x {what}")
    print()
    limit = args.timeout + 1.0
    print(f"### Runaway queries (limit {args.timeout:g} s; each must be a 503 within {limit:g} s)")
    print()
    headers = ["query", "sent", "statuses", "why", "p50 s", "p99 s", "max s", "late", "not 503"]
    print(markdown(headers, runaway_rows(loaded.runaways, limit)))
    print()
    late = sorted((o for o in loaded.runaways if o.seconds > limit), key=lambda o: -o.seconds)
    if late:
        stalls = [lag.worst(o.at, o.at + o.seconds) for o in late]
        explained = sum(o.seconds - stall <= limit for o, stall in zip(late, stalls, strict=True))
        shown = ", ".join(
            f"{o.seconds:.2f} s at {o.at - loaded.t0:.0f} s (client stall {stall:.2f} s)"
            for o, stall in list(zip(late, stalls, strict=True))[:8]
        )
        print(
            f"Late: {len(late)}; the latest {shown}. In {explained} of the {len(late)} this "
            "process itself stalled long enough, during the request, to account for the delay "
            "past the limit plus one second."
        )
        print()
    lags = lag.since(loaded.t0)
    print(
        f"This load generator's threads woke late by p50 {ms(percentile(lags, 50))} ms, p99 "
        f"{ms(percentile(lags, 99))} ms, max {ms(max(lags, default=0.0))} ms (a 10 ms sleep, "
        f"measured {len(lags)} times): a client's own delay is inside each time above. The "
        f"runaway clients went on {loaded.tail_s:.1f} s after the normal clients ended."
    )
    print()
    print("### Total memory of the service and its workers (MB, sampled every 0.2 s)")
    print()
    headers = ["phase", "RSS min", "RSS median", "RSS peak", "PSS median", "PSS peak"]
    headers += ["processes", "samples"]
    print(markdown(headers, rss_rows(sampler)))
    print()
    print(
        f"{len(sampler.pids)} processes seen over the run (the service, the workers' fork "
        "server and the workers; processes counts them all). RSS counts the pages that forked "
        "workers share with their fork server in every one of them; PSS splits them."
    )
    print()
    print(f"### CPU (cores busy, of {os.cpu_count()})")
    print()
    rows = []
    for label, wall, service, own, machine in (
        (
            "load without runaways",
            calm.wall_s,
            sampler.cpu.get("calm", 0.0),
            own_calm,
            machine_calm,
        ),
        (
            "load with runaways",
            loaded.wall_s + loaded.tail_s,
            cpu_load,
            own_load,
            machine_load,
        ),
    ):
        rows.append(
            [
                label,
                f"{wall:.1f}",
                f"{service / wall:.2f}",
                f"{own / wall:.2f}",
                f"{(machine - service - own) / wall:.2f}",
                f"{machine / wall:.2f}",
            ]
        )
    headers = ["phase", "wall s", "the service and its workers", "this load generator"]
    headers += ["everything else on the machine", "the machine"]
    print(markdown(headers, rows))
    print()
    shown = ", ".join(f"{w:.2f}" for w in windows)
    if idle_after is None:
        print(f"**Not idle within 60 s after the runaways stopped**; CPU s per 0.5 s: {shown}")
    else:
        print(
            f"The service and its workers were idle (at most {IDLE_CPU_S:g} CPU s in a 0.5 s "
            f"window) {idle_after:.1f} s after the last runaway was answered; CPU s per 0.5 s "
            f"window until then: {shown}."
        )
    if exited is not None:
        print()
        print(f"**The service exited during the run, with status {exited}.** Its last lines:")
        print()
        print("```")
        print("\n".join(line for line in log_tail[-30:] if '" 200 OK' not in line))
        print("```")
    problems = [line for line in log_tail if "Traceback" in line or "ERROR" in line]
    if problems:
        print()
        print(f"The service logged {len(problems)} error lines, e.g. `{problems[0][:200]}`")


if __name__ == "__main__":
    main()
