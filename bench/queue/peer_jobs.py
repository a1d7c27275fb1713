"""The no-op and latency jobs for RQ and Celery (imported by their workers)."""
import os
import time

import redis
from celery import Celery

_redis = redis.Redis(port=int(os.environ["BENCH_REDIS_PORT"]))
app = Celery("peer_jobs", broker=os.environ["CELERY_BROKER"])
app.conf.task_ignore_result = True


def noop():
    pass


def stamp(enqueued_at):
    _redis.rpush("peerbench:lat", time.time() - enqueued_at)
    _redis.rpush("peerbench:ran", 1)


@app.task(name="noop")
def celery_noop():
    # Celery has no burst mode or job registry; the driver counts completions here.
    _redis.incr("peerbench:done")


@app.task(name="stamp")
def celery_stamp(enqueued_at):
    stamp(enqueued_at)
