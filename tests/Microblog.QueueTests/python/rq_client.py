"""RQ 1.13's own Python API driven against our queue, one call per command; prints its findings as JSON.

Run with Debian's /usr/bin/python3 (python3-rq): rq_client.py REDIS_URL COMMAND [ARGS...]
"""
import json
import sys

from redis import Redis
from rq import Queue, Worker
from rq.command import send_kill_horse_command, send_shutdown_command, send_stop_job_command
from rq.exceptions import DeserializationError
from rq.job import Job, cancel_job
from rq.registry import FailedJobRegistry
from rq.serializers import JSONSerializer


def job_view(job):
    """What RQ's API says about a job: the calls the issue lists, each as RQ's user makes it."""
    latest = job.latest_result()
    return {
        "id": job.id,
        "status": job.get_status(),
        "func_name": job.func_name,
        "args": list(job.args),
        "kwargs": job.kwargs,
        "origin": job.origin,
        "meta": job.get_meta(),
        "return_value": job.return_value(),
        "exc_info": job.exc_info,
        "result_type": latest.type.name if latest else None,
        "worker_name": job.worker_name,
        "timeout": job.timeout,
        "enqueued_at": job.enqueued_at.isoformat() if job.enqueued_at else None,
    }


def main(url, command, *args):
    redis = Redis.from_url(url)
    if command == "fetch":
        return [job_view(Job.fetch(i, connection=redis, serializer=JSONSerializer)) for i in args]
    if command == "fetch-pickle":
        # RQ's default serializer: the hash loads, the pickled call does not (our data is JSON).
        job = Job.fetch(args[0], connection=redis)
        try:
            job.func_name
            refused = None
        except DeserializationError as e:
            refused = type(e).__name__
        return {"status": job.get_status(), "refused": refused}
    if command == "queue-jobs":
        queue = Queue(args[0], connection=redis, serializer=JSONSerializer)
        pickled = Queue(args[0], connection=redis)
        return {
            "jobs": [j.id for j in queue.jobs],
            "fetched": [j.id for j in (queue.fetch_job(i) for i in queue.job_ids) if j],
            "pickle_jobs": [j.id for j in pickled.jobs],
            "job_ids": queue.job_ids,
        }
    if command == "workers":
        def view(w):
            return {"name": w.name, "state": w.get_state(), "current_job": w.get_current_job_id(),
                    "queues": w.queue_names()}
        return {
            "all": sorted((view(w) for w in Worker.all(connection=redis)), key=lambda w: w["name"]),
            "by_queue": {q: sorted(w.name for w in Worker.all(queue=Queue(q, connection=redis))) for q in args},
        }
    if command == "enqueue":
        name, arguments = args[0], json.loads(args[1])
        options = json.loads(args[2]) if len(args) > 2 else {}
        queue = Queue(options.pop("queue", "default"), connection=redis, serializer=JSONSerializer)
        return queue.enqueue(name, *arguments, **options).id
    if command == "enqueue-pickle":
        return Queue(args[0], connection=redis).enqueue(args[1]).id
    if command == "requeue":
        registry = FailedJobRegistry(args[0], connection=redis, serializer=JSONSerializer)
        return [registry.requeue(i).id for i in args[1:]]
    if command == "cancel":
        for i in args:
            cancel_job(i, connection=redis, serializer=JSONSerializer)
        return list(args)
    if command == "stop":
        send_stop_job_command(redis, args[0], serializer=JSONSerializer)
        return args[0]
    if command == "shutdown":
        send_shutdown_command(redis, args[0])
        return args[0]
    if command == "kill-horse":
        send_kill_horse_command(redis, args[0])
        return args[0]
    raise SystemExit("unknown command " + command)


if __name__ == "__main__":
    print(json.dumps(main(*sys.argv[1:]), default=str))
