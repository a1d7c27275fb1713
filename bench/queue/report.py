"""Turns bench/queue/run's figures into the "Queue" section of docs/BENCHMARKS.md (other sections are kept).

usage: report.py FIGURES [EARLIER_FIGURES ...] BENCHMARKS_MD
The first figures file fills the table; earlier runs of the same code add a run-to-run spread.
"""
import re
import sys

*figures_paths, doc_path = sys.argv[1:]


def read(path):
    figures = {}
    for line in open(path):
        key, _, rest = line.strip().partition(" ")
        figures[key] = rest
    return figures


runs = [read(path) for path in figures_paths]
f = runs[0]


def num(key):
    return float(f[key].split()[0])


def lat(key, p):
    return float(re.search(rf"{p} ([0-9.]+)", f[key]).group(1))


def ratio(a, b):
    return f"{num(a) / num(b):.1f}×"


best_one = max(num(k) for k in f if k.startswith("ours_work_1proc"))
round_trips = max(num(k) for k in f if k.startswith("ours_round_trips_per_job"))
p99 = lat("ours_latency", "p99")
met = lambda ok: "met" if ok else "**not met**"
nproc = re.search(r"nproc=(\d+)", f["machine"]).group(1)
warm = f["latency_warmup"]


def best(peers):
    return max(((name, num(key)) for name, key in peers.items()), key=lambda p: p[1])


best_one_peer = best({"RQ SimpleWorker": "rq_simple_work_1proc", "RQ Worker": "rq_fork_work_1proc", "Celery `-c 1`": "celery_work_1proc"})
best_two_peer = best({"RQ SimpleWorker": "rq_simple_work_2proc", "RQ Worker": "rq_fork_work_2proc", "Celery `-c 2`": "celery_work_2proc"})


def cores(concurrency):
    busy = f[f"ours_cores_1proc_{concurrency}"].split()
    return f"Redis {busy[1]} and the worker {busy[3]}"


def redis_us(concurrency):
    return float(f[f"ours_cores_1proc_{concurrency}"].split()[1]) / num(f"ours_work_1proc_{concurrency}") * 1e6

section = f"""## Queue

`bench/queue/run` (one command) on one throwaway redis-server: this queue (`src/Microblog.Tasks/Queue`,
driver `bench/queue/QueueBench`) side by side with Python RQ 1.13 and Celery 5.2 (Debian packages,
Redis broker). No-op jobs; enqueue and processing measured separately (the queue is filled first).

- Date: {f["date"]}
- Machine: {f["machine"]}; load after the run: {f["load_after"]}
- Redis ceiling (`redis-benchmark -t set -n 200000`): {f["redis_benchmark_set"]}

| figure | this queue | RQ SimpleWorker | RQ Worker (fork) | Celery prefork |
| --- | --- | --- | --- | --- |
| enqueue, one caller (jobs/s) | {f["ours_enqueue_1"]} | {f["rq_enqueue"]} | (same as SimpleWorker) | {f["celery_enqueue"]} |
| enqueue, 64 concurrent callers (jobs/s) | {f["ours_enqueue_64"]} | – | – | – |
| processing, 1 worker process (jobs/s) | {f[f"ours_work_1proc_c{nproc}"]} (concurrency {nproc} = CPUs), {f["ours_work_1proc_c32"]} (concurrency 32) | {f["rq_simple_work_1proc"]} | {f["rq_fork_work_1proc"]} | {f["celery_work_1proc"]} (`-c 1`) |
| processing, 2 worker processes (jobs/s) | {f["ours_work_2proc_c32"]} (concurrency 32 each) | {f["rq_simple_work_2proc"]} | {f["rq_fork_work_2proc"]} | {f["celery_work_2proc"]} (`-c 2`) |
| enqueue→start latency, idle worker, after {warm} warm-up jobs (ms) | {f["ours_latency"]} | {f["rq_simple_latency"]} | – | {f["celery_latency"]} |
| same, a fresh worker: 200 warm-up jobs (ms) | {f["ours_latency_fresh"]} | – | – | – |
| Redis commands per job (enqueue + run) | {f["ours_commands_per_job_c32"]} (inside Lua scripts, mostly) | {f["rq_simple_commands_per_job"]} | – | {f["celery_commands_per_job"]} |
| client round trips per job | {f["ours_round_trips_per_job_c32"]} (concurrency 32), {f[f"ours_round_trips_per_job_c{nproc}"]} (concurrency {nproc}) | – | – | – |

Ratios, one worker process: this queue (concurrency 32) is {ratio("ours_work_1proc_c32", "rq_simple_work_1proc")} RQ's
SimpleWorker, {ratio("ours_work_1proc_c32", "rq_fork_work_1proc")} RQ's forking Worker and
{ratio("ours_work_1proc_c32", "celery_work_1proc")} Celery `-c 1`; enqueue from one caller is
{ratio("ours_enqueue_1", "rq_enqueue")} RQ's and {ratio("ours_enqueue_1", "celery_enqueue")} Celery's. RQ's p99 enqueue→start is
{lat("rq_simple_latency", "p99") / lat("ours_latency", "p99"):.1f}× this queue's, Celery's {lat("celery_latency", "p99") / lat("ours_latency", "p99"):.1f}×.

Targets:
- ≥ 8,000 jobs/s from one worker process: {best_one:.0f} jobs/s with `--concurrency 32` — {met(best_one >= 8000)};
  at the default concurrency (one per CPU, {nproc} here) {num(f"ours_work_1proc_c{nproc}"):.0f} jobs/s — {met(num(f"ours_work_1proc_c{nproc}") >= 8000)}.
  Against the best one-process peer of this run ({best_one_peer[0]}, {best_one_peer[1]:.0f} jobs/s): {best_one / best_one_peer[1]:.1f}× at
  concurrency 32, {num(f"ours_work_1proc_c{nproc}") / best_one_peer[1]:.1f}× at concurrency {nproc} (target ≥ 10×); with two worker processes,
  {num("ours_work_2proc_c32") / best_two_peer[1]:.1f}× the best two-process peer ({best_two_peer[0]}, {best_two_peer[1]:.0f} jobs/s).
  What bounds it: cores busy during the window (of {nproc}) were, at concurrency 32, {cores("c32")}, and at
  concurrency {nproc}, {cores(f"c{nproc}")}. Together they nearly fill this machine's CPUs, so here the bound
  is CPU, shared by Redis and the worker (whose share includes the thread pool spinning while it waits for
  replies); that is also why two worker processes are no faster than one. Redis spent {redis_us("c32"):.0f} µs
  of CPU per job run (enqueue not counted), so Redis alone, on a core of its own, would cap one queue near {1e6 / redis_us("c32"):,.0f} jobs/s.
- p99 enqueue→start ≤ 1 ms: {p99:.3f} ms — {met(p99 <= 1.0)} (p95 {lat("ours_latency", "p95"):.3f} ms), for a worker
  past its first {warm} jobs. A fresh worker's p99 is {lat("ours_latency_fresh", "p99"):.3f} ms: its first thousand or
  so jobs run while .NET's tiered JIT recompiles the hot path in the background. The job starts within the
  enqueue's own round trip: the enqueue script's RPUSH wakes the worker's BLMOVE, and the start script
  pipelined behind that BLMOVE runs at once, so both replies leave Redis together. What remains is Redis'
  script time and thread wake-ups on each side; the slowest 1 % move with the machine's other load.
- ≤ 6 Redis round trips per job: {round_trips:.1f} — {met(round_trips <= 6)}.

How it is measured, and what differs between the columns:
- Processing rate = jobs / (last worker exit − first worker start) in burst mode, process start-up excluded
  for this queue (the window is taken inside the process) and nearly so for RQ (forked from the driver).
  Celery has no burst mode: from its first taken job until the queue, the unacked set and a completion
  counter say all are done; its no-op task therefore also runs one INCR.
- Latency: {f["ours_latency"].split("n ")[-1]} sequential jobs after {warm} warm-up jobs (the same for every system), 2 ms apart so the
  worker is idle in its blocking wait each time.
  This queue stamps with a monotonic clock in one process (worker in-process, its own connections);
  RQ and Celery jobs compare `time.time()` across processes and push the result to a Redis list.
- Commands per job come from `INFO commandstats` (reset before the enqueue, read after the run), so the
  commands Lua scripts run count too. Round trips count what this queue's client sends (EVALSHA, BLMOVE),
  each as one, although an idle worker sends BLMOVE and its start script in one pipeline. RQ pipelines,
  so its round trips are fewer than its commands.
- The machine is shared with other work (see the load figures), which widens latency tails most.
"""

if "hf_redis_enqueue_1" in f:
    stores = {"redis": "Hangfire on Redis", "postgres": "Hangfire on PostgreSQL", "memory": "Hangfire in memory"}
    hf_jobs = dict(zip(*[iter(f["hangfire_jobs"].split())] * 2))

    def row(label, ours_key, hf_key, higher_is_better=True, fmt=lambda v: f"{v:.0f}", value=lambda k: num(k)):
        ours = value(ours_key)
        cells = [fmt(value(hf_key.format(s))) for s in stores]
        theirs = value(hf_key.format("redis"))
        r = ours / theirs if higher_is_better else theirs / ours
        return f"| {label} | {fmt(ours)} | {' | '.join(cells)} | {r:.1f}× {'ahead' if r > 1 else '**behind**'} |", r > 1

    rows = [
        row("enqueue, one caller (jobs/s)", "ours_enqueue_1", "hf_{}_enqueue_1"),
        row("enqueue, 64 concurrent callers (jobs/s)", "ours_enqueue_64", "hf_{}_enqueue_64"),
        row(f"processing, 1 process, {nproc} workers = CPUs (jobs/s)", f"ours_work_1proc_c{nproc}", "hf_{}_work_1proc_c" + nproc),
        row("processing, 1 process, 32 workers (jobs/s)", "ours_work_1proc_c32", "hf_{}_work_1proc_c32"),
    ] + [
        row(f"enqueue→start {p}, idle worker (ms)", "ours_latency", "hf_{}_latency", False,
            lambda v: f"{v:.3f}", lambda k, p=p: lat(k, p)) for p in ("p50", "p95", "p99")
    ]
    commands = lambda k: float(f[k]) if k in f else float("nan")
    cmd_ours, cmd_hf = commands("ours_commands_per_job_c32"), commands("hf_redis_commands_per_job_c32")
    ahead = all(ok for _, ok in rows) and cmd_ours < cmd_hf

    def busy(store, c):
        b = f[f"hf_{store}_cores_1proc_c{c}"].split()
        return f"{'PostgreSQL' if store == 'postgres' else 'Redis'} {b[1]}, worker {b[3]}" if store != "memory" else f"worker {b[3]}"

    pg_p50 = lat("hf_postgres_latency", "p50")
    pg_idle = (f"idle p50 {pg_p50:.1f} ms, under the 50 ms poll, because in the latency\n  run the enqueue comes from the "
               "worker's own process, whose in-process signal wakes it; another process's enqueue waits for the poll.")
    section += f"""
### Against Hangfire 1.8.25

Same run, same machine, same no-op job (a public static method, as Hangfire's docs show jobs), driver
`bench/queue/HangfireBench` (its own props file pins the Hangfire packages, so they never reach the app's
dependency graph: Hangfire.PostgreSql brings Npgsql 8 beside the app's Npgsql 10). Hangfire on the same
redis-server (`Hangfire.Redis.StackExchange` 1.12.0), on a throwaway PostgreSQL 15 (`Hangfire.PostgreSql` 1.21.1,
fsync and synchronous_commit off, as this Redis keeps nothing on disk either) and in memory (`Hangfire.InMemory`
1.0.0, its ceiling: no store round trips at all). Jobs per run: this queue as
above; Hangfire on Redis {hf_jobs["redis"]}, on PostgreSQL {hf_jobs["postgres"]}, in memory {hf_jobs["memory"]}.

Settings, from Hangfire's getting-started page and each storage's README: `SetDataCompatibilityLevel(Version_180)`,
`UseSimpleAssemblyNameTypeSerializer()`, `UseRecommendedSerializerSettings()`; `WorkerCount` = {nproc} (CPUs) or 32;
Redis `FetchTimeout` 1 s (default 3 min: an idle worker's wait for the pub/sub wake-up before it polls again),
`UseTransactions` on (default), prefix `{{hangfire}}:`; PostgreSQL `QueuePollInterval` 50 ms (default 15 s; the
lowest allowed without `AllowUnsafeValues`), `UseSlidingInvisibilityTimeout` with `InvisibilityTimeout` 1 min
(default 30 min: a running job's fetch is kept alive by heartbeat, so the timeout only bounds how long a lost fetch
hides a job), `EnableLongPolling` off (with it on, one job in a thousand stayed fetched by a worker that never ran
it until the invisibility timeout, hangfire-postgres/Hangfire.PostgreSql#410, and it did not start idle jobs sooner);
`SchedulePollingInterval` left at 15 s (only delayed and recurring jobs wait for it; none here).
`UseRecommendedIsolationLevel` is a SQL Server option; PostgreSQL has no such setting. Hangfire's client is synchronous: 64 concurrent callers are 64 threads.

| figure | this queue | Hangfire on Redis | Hangfire on PostgreSQL | Hangfire in memory | this queue against Hangfire on Redis |
| --- | --- | --- | --- | --- | --- |
{chr(10).join(r for r, _ in rows)}
| Redis commands per job (enqueue + run, 32 workers) | {cmd_ours:.1f} | {cmd_hf:.1f} | – | – | {cmd_hf / cmd_ours:.1f}× fewer |

Target (ahead of Hangfire on Redis on every figure): {met(ahead)}.
What bounds each, from the cores busy during the processing window (of {nproc}):
- This queue: at 32 workers Redis {f["ours_cores_1proc_c32"].split()[1]}, worker {f["ours_cores_1proc_c32"].split()[3]}; one
  Lua script per job state change and a blocking move per take, so the bound is CPU shared by Redis and the worker.
- Hangfire on Redis: at 32 workers {busy("redis", "32")}; at {nproc}, {busy("redis", nproc)}. Each job is
  {cmd_hf:.0f} Redis commands (MULTI/EXEC transactions for every state change, the job hash, state history, the
  succeeded list and counters, fetched-list bookkeeping), each a round trip, so the worker process spends its
  CPU in the client and in Hangfire's state machine (filters, serializers, expression trees) per job.
- Hangfire on PostgreSQL: at 32 workers {busy("postgres", "32")}: every state change is a transaction with
  several statements, and the fetch is a `SELECT … FOR UPDATE SKIP LOCKED` + UPDATE; {pg_idle}
- Hangfire in memory: at 32 workers {busy("memory", "32")}: no I/O at all, so this is Hangfire's own per-job
  CPU (state machine, filters, serialization), the ceiling of any Hangfire storage on this machine.
- Enqueue from one caller: one round trip for this queue (one EVALSHA), several for Hangfire on Redis (a
  transaction creating the job, then one moving it to Enqueued); both bounded by round-trip time on a
  loaded machine.
"""

if len(runs) > 1:
    def spread(key, pick=lambda v: float(v.split()[0])):
        values = [pick(run[key]) for run in runs]
        return f"{min(values):.0f}–{max(values):.0f}" if min(values) >= 100 else f"{min(values):.2f}–{max(values):.2f}"
    p99_of = lambda v: float(re.search(r"p99 ([0-9.]+)", v).group(1))
    section += f"""
Run-to-run spread over {len(runs)} runs of the same code ({", ".join(run["date"] for run in runs)}), which is
how much the shared machine moves the figures: processing at concurrency {nproc} {spread(f"ours_work_1proc_c{nproc}")} jobs/s,
at concurrency 32 {spread("ours_work_1proc_c32")} jobs/s, two processes {spread("ours_work_2proc_c32")} jobs/s; enqueue from
one caller {spread("ours_enqueue_1")} jobs/s; latency p99 {spread("ours_latency", p99_of)} ms warmed,
{spread("ours_latency_fresh", p99_of)} ms fresh (RQ SimpleWorker
{spread("rq_simple_work_1proc")} jobs/s, Celery {spread("celery_work_1proc")} jobs/s).
"""

try:
    doc = open(doc_path).read()
except FileNotFoundError:
    doc = "# Benchmarks\n"
pattern = re.compile(r"^## Queue\n.*?(?=^## |\Z)", re.S | re.M)
doc = pattern.sub(lambda _: section + "\n", doc) if pattern.search(doc) else doc.rstrip("\n") + "\n\n" + section
open(doc_path, "w").write(doc)
