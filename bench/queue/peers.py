"""RQ 1.13 and Celery 5.2 on the same Redis, measured the way QueueBench measures this queue.

usage: peers.py PORT rq-enqueue N | rq-work simple|fork PROCS N | rq-latency N WARM-UP
                     celery-enqueue N | celery-work PROCS N | celery-latency N WARM-UP
Prints one "key value" line per figure.
"""
import multiprocessing
import os
import subprocess
import sys
import time

import redis

PORT = int(sys.argv[1])
URL = f"redis://127.0.0.1:{PORT}/0"
os.environ["CELERY_BROKER"] = URL
os.environ["BENCH_REDIS_PORT"] = str(PORT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import peer_jobs  # noqa: E402  (needs the environment above)

r = redis.Redis(port=PORT)


def percentiles(values):
    values = sorted(values)
    pick = lambda q: values[min(len(values) - 1, max(0, int(-(-q * len(values) // 1)) - 1))]
    return f"p50 {pick(0.50) * 1000:.3f} p95 {pick(0.95) * 1000:.3f} p99 {pick(0.99) * 1000:.3f} n {len(values)}"


def rq_worker(kind):
    from rq import Queue, SimpleWorker, Worker
    conn = redis.Redis(port=PORT)
    cls = SimpleWorker if kind == "simple" else Worker
    cls([Queue("bench", connection=conn)], connection=conn).work(burst=True, logging_level="WARNING")


def latency_loop(enqueue, n, warmup):
    r.delete("peerbench:lat")
    for i in range(warmup + n):
        enqueue(time.time())
        r.blpop("peerbench:ran", timeout=10)
        time.sleep(0.002)  # an idle worker: back in its blocking wait before the next job
    values = [float(v) for v in r.lrange("peerbench:lat", warmup, -1)]
    print("latency_ms", percentiles(values))


def main(command, *args):
    if command == "rq-enqueue":
        from rq import Queue
        q, n = Queue("bench", connection=r), int(args[0])
        start = time.time()
        for _ in range(n):
            q.enqueue(peer_jobs.noop)
        print(f"enqueue_per_s {n / (time.time() - start):.0f}")
    elif command == "rq-work":
        kind, procs, n = args[0], int(args[1]), int(args[2])
        workers = [multiprocessing.Process(target=rq_worker, args=(kind,)) for _ in range(procs)]
        start = time.time()
        for w in workers:
            w.start()
        for w in workers:
            w.join()
        print(f"work_per_s {n / (time.time() - start):.0f}")
    elif command == "rq-latency":
        from rq import Queue
        q = Queue("bench", connection=r)
        worker = subprocess.Popen([sys.executable, "-m", "rq.cli", "worker", "-w", "rq.worker.SimpleWorker",
                                   "--url", URL, "-q", "bench"], env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))},
                                  stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(2)
            latency_loop(lambda t: q.enqueue(peer_jobs.stamp, t), int(args[0]), int(args[1]))
        finally:
            worker.terminate()
            worker.wait()
    elif command == "celery-enqueue":
        n = int(args[0])
        start = time.time()
        for _ in range(n):
            peer_jobs.celery_noop.delay()
        print(f"enqueue_per_s {n / (time.time() - start):.0f}")
    elif command == "celery-work":
        procs, n = int(args[0]), int(args[1])
        worker = celery_worker(procs)
        try:
            while r.llen("celery") == n:
                time.sleep(0.001)
            start = time.time()
            while r.llen("celery") > 0 or r.hlen("unacked") > 0 or int(r.get("peerbench:done") or 0) < n:
                time.sleep(0.002)
            print(f"work_per_s {n / (time.time() - start):.0f}")
        finally:
            worker.terminate()
            worker.wait()
    elif command == "celery-latency":
        worker = celery_worker(1)
        try:
            time.sleep(4)
            latency_loop(lambda t: peer_jobs.celery_stamp.delay(t), int(args[0]), int(args[1]))
        finally:
            worker.terminate()
            worker.wait()
    else:
        sys.exit(__doc__)


def celery_worker(procs):
    return subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "peer_jobs", "worker", "--pool", "prefork", "-c", str(procs),
         "--without-heartbeat", "--without-gossip", "--without-mingle", "--loglevel", "WARNING"],
        env={**os.environ, "PYTHONPATH": os.path.dirname(os.path.abspath(__file__))},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


if __name__ == "__main__":
    main(*sys.argv[2:])
