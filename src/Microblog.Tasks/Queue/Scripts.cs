namespace Microblog.Tasks.Queue;

/// <summary>
/// The Lua scripts that change a job's state. Each runs atomically in Redis, so a job is never half-moved
/// between a list, a registry and its hash. Every script gets ARGV[1] = key prefix, ARGV[2] = now (Unix
/// seconds), ARGV[3] = now (ISO 8601); its own arguments follow. Keys are built from the prefix, which
/// limits the queue to a single Redis (no cluster).
/// </summary>
internal static partial class Scripts
{
    /// <summary>ARGV[4] id, ARGV[5] queue, ARGV[6] run-at (Unix seconds, 0 = now), then hash field/value pairs. Returns 0 when the id exists.</summary>
    public static readonly RedisScript Enqueue = new(Prelude + """
        local id, q, at = ARGV[4], ARGV[5], tonumber(ARGV[6])
        local jk = jobkey(id)
        if redis.call('EXISTS', jk) == 1 then return 0 end
        local fields = {}
        for i = 7, #ARGV do fields[#fields + 1] = ARGV[i] end
        redis.call('HSET', jk, unpack(fields))
        redis.call('SADD', p .. 'queues', p .. 'queue:' .. q)
        if at > now then
          redis.call('HSET', jk, 'status', 'scheduled')
          redis.call('ZADD', p .. 'scheduled:' .. q, at, id)
        else
          redis.call('HSET', jk, 'status', 'queued', 'enqueued_at', nowiso)
          redis.call('RPUSH', p .. 'queue:' .. q, id)
        end
        return 1
        """);

    /// <summary>ARGV[4] worker, ARGV[5] how many, ARGV[6..] queues in priority order. Returns the started jobs' hashes.</summary>
    public static readonly RedisScript Dequeue = new(Prelude + """
        return take(ARGV[4], tonumber(ARGV[5]), 6)
        """);

    /// <summary>
    /// ARGV[4] worker. Sent in one pipeline right behind the worker's BLMOVE, so Redis runs it the moment BLMOVE
    /// returns and the job is taken and started in one round trip. Starts the newest job of the in-flight list
    /// that is still queued (the one BLMOVE just moved, or one a lost connection left behind) and drops entries
    /// that are neither queued nor running here. ARGV[2] and ARGV[3] are the time the pipeline was sent, a
    /// blocking wait ago, so the start is stamped with the server's clock instead.
    /// </summary>
    public static readonly RedisScript StartTaken = new(Prelude + """
        local clock = redis.call('TIME')
        now = tonumber(clock[1]) + tonumber(clock[2]) / 1000000
        nowiso = iso(tonumber(clock[1]), tonumber(clock[2]))
        local worker = ARGV[4]
        local inflight = inflightkey(worker)
        local ids = redis.call('LRANGE', inflight, 0, -1)
        for i = #ids, 1, -1 do
          local id = ids[i]
          local state = redis.call('HMGET', jobkey(id), 'status', 'worker_name')
          if state[1] == 'queued' then return { start(worker, id, inflight) } end
          if state[1] ~= 'started' or state[2] ~= worker then redis.call('LREM', inflight, 1, id) end
        end
        return {}
        """);

    /// <summary>
    /// ARGV[4] worker, ARGV[5] id, ARGV[6] JSON result or empty, ARGV[7] the same in base64 or empty, ARGV[8] how
    /// many jobs to take next, ARGV[9..] queues. Settles the job and, in the same round trip, takes the next one for
    /// the slot it frees. A job no longer started (canceled by RQ's <c>cancel_job</c> while it ran) keeps that end.
    /// Returns { 1 if settled else 0, { started jobs' hashes } }.
    /// </summary>
    public static readonly RedisScript Finish = new(Prelude + """
        local worker, id = ARGV[4], ARGV[5]
        local function finish()
          if not release(worker, id) then return 0 end
          local jk = jobkey(id)
          local state = redis.call('HMGET', jk, 'status', 'origin')
          local queue = state[2]
          if state[1] ~= 'started' or not queue then return 0 end
          count_job(worker, 'successful_job_count')
          redis.call('ZREM', p .. 'wip:' .. queue, id)
          local ttl = tonumber(redis.call('HGET', jk, 'result_ttl') or '500')
          if ttl == 0 then
            redis.call('DEL', jk)
            add_result(id, 0)
            return 1
          end
          redis.call('HSET', jk, 'status', 'finished', 'ended_at', nowiso)
          -- A retry that succeeded: the failure of an earlier attempt no longer describes the job.
          redis.call('HDEL', jk, 'exc_info')
          if ARGV[6] ~= '' then
            redis.call('HSET', jk, 'result', ARGV[6])
            add_result(id, ttl, 1, 'return_value', ARGV[7])
          else
            add_result(id, ttl, 1)
          end
          redis.call('ZADD', p .. 'finished:' .. queue, expiry(ttl), id)
          keep(jk, ttl)
          return 1
        end
        local settled = finish()
        if settled == 1 then count('finished') end
        return { settled, take(worker, tonumber(ARGV[8]), 9) }
        """);

    /// <summary>ARGV[4] worker, ARGV[5] id, ARGV[6] exc_info, ARGV[7] it for the result stream. Retries when attempts are left.</summary>
    public static readonly RedisScript Fail = new(Prelude + """
        local worker, id = ARGV[4], ARGV[5]
        if not release(worker, id) then return '' end
        local jk = jobkey(id)
        local state = redis.call('HMGET', jk, 'status', 'origin')
        local queue = state[2]
        if state[1] ~= 'started' or not queue then return '' end
        count_job(worker, 'failed_job_count')
        local outcome = fail_or_retry(id, jk, queue, ARGV[6], ARGV[7])
        if outcome == 'failed' then count('failed') end
        return outcome
        """);

    /// <summary>
    /// ARGV[4] worker, ARGV[5] id, ARGV[6] reason, ARGV[7] it for the result stream: a running job stopped on
    /// request ends `stopped` in the failed registry with a failure result, never retried, as RQ 1.13 records it.
    /// </summary>
    public static readonly RedisScript Stopped = new(Prelude + """
        local worker, id = ARGV[4], ARGV[5]
        if not release(worker, id) then return 0 end
        local jk = jobkey(id)
        local state = redis.call('HMGET', jk, 'status', 'origin')
        local queue = state[2]
        if state[1] ~= 'started' or not queue then return 0 end
        count_job(worker, 'failed_job_count')
        redis.call('ZREM', p .. 'wip:' .. queue, id)
        local ttl = tonumber(redis.call('HGET', jk, 'failure_ttl') or '31536000')
        redis.call('HSET', jk, 'status', 'stopped', 'ended_at', nowiso, 'exc_info', ARGV[6])
        redis.call('ZADD', p .. 'failed:' .. queue, expiry(ttl), id)
        keep(jk, ttl)
        add_result(id, ttl, 2, 'exc_string', ARGV[7])
        return 1
        """);

    /// <summary>
    /// ARGV[4] worker, ARGV[5] id, ARGV[6] optional cutoff (ISO 8601, as started_at): a job of this worker's
    /// in-flight list goes back to the front of its queue, one unfinished at shutdown or one taken but never
    /// launched. A started one gives back its attempt; with a cutoff, one started after it (a run that has just
    /// begun) stays. The stamps share one fixed-width format, so they compare as strings.
    /// </summary>
    public static readonly RedisScript PutBack = new(Prelude + """
        local worker, id, cutoff = ARGV[4], ARGV[5], ARGV[6]
        local jk = jobkey(id)
        local state = redis.call('HMGET', jk, 'status', 'origin', 'started_at')
        local queue = state[2]
        if state[1] == 'started' and cutoff and queue and state[3] and state[3] > cutoff then return 0 end
        if not release(worker, id) then return 0 end
        if not queue then return 0 end
        if state[1] == 'started' then
          redis.call('ZREM', p .. 'wip:' .. queue, id)
          redis.call('HINCRBY', jk, 'attempt', -1)
        elseif state[1] ~= 'queued' then
          return 0
        end
        redis.call('HSET', jk, 'status', 'queued', 'enqueued_at', nowiso)
        redis.call('LPUSH', p .. 'queue:' .. queue, id)
        return 1
        """);

    /// <summary>
    /// ARGV[4] worker name, ARGV[5] exc_info, ARGV[6] it for the result stream. Only acts once the worker's key has
    /// expired (no heartbeat): jobs it had taken but not started go back to the front of their queue (unless RQ's
    /// cleanup already put them there); started ones are retried or failed. Then the worker leaves RQ's worker
    /// sets and the reaper's own record, which RQ's tools never prune.
    /// Returns nil while the worker lives, else { id, 'requeued' | 'retried' | 'failed', ... } for its jobs.
    /// </summary>
    public static readonly RedisScript Reap = new(Prelude + """
        local worker = ARGV[4]
        local wk = workerkey(worker)
        if redis.call('EXISTS', wk) == 1 then return false end
        local inflight = inflightkey(worker)
        local ids = redis.call('LRANGE', inflight, 0, -1)
        local out = {}
        for _, id in ipairs(ids) do
          local jk = jobkey(id)
          local status = redis.call('HGET', jk, 'status')
          local queue = redis.call('HGET', jk, 'origin')
          if status == 'queued' then
            if not redis.call('LPOS', p .. 'queue:' .. queue, id) then redis.call('LPUSH', p .. 'queue:' .. queue, id) end
            out[#out + 1] = id
            out[#out + 1] = 'requeued'
          elseif status == 'started' and redis.call('HGET', jk, 'worker_name') == worker then
            out[#out + 1] = id
            out[#out + 1] = fail_or_retry(id, jk, queue, ARGV[5], ARGV[6])
          end
        end
        redis.call('DEL', inflight)
        redis.call('SREM', p .. 'workers', wk)
        local queues = redis.call('HGET', p .. 'reaper:workers', worker) or ''
        for q in string.gmatch(queues, '[^,]+') do redis.call('SREM', p .. 'workers:' .. q, wk) end
        redis.call('HDEL', p .. 'reaper:workers', worker)
        return out
        """);

    /// <summary>ARGV[4..] queues: moves due scheduled jobs onto their queue and drops expired registry entries.</summary>
    public static readonly RedisScript Maintain = new(Prelude + """
        local moved = 0
        for i = 4, #ARGV do
          local q = ARGV[i]
          local sk = p .. 'scheduled:' .. q
          local due = redis.call('ZRANGEBYSCORE', sk, '-inf', now, 'LIMIT', 0, 1000)
          for _, id in ipairs(due) do
            redis.call('ZREM', sk, id)
            local jk = jobkey(id)
            if redis.call('HGET', jk, 'status') == 'scheduled' then
              redis.call('HSET', jk, 'status', 'queued', 'enqueued_at', nowiso)
              redis.call('RPUSH', p .. 'queue:' .. q, id)
              moved = moved + 1
            end
          end
          for _, r in ipairs({ 'finished:', 'failed:' }) do
            redis.call('ZREMRANGEBYSCORE', p .. r .. q, '-inf', now)
          end
          -- Scored by the time of cancel, as RQ scores it: an entry goes once its job has expired or been deleted,
          -- found by sampling, as RQ itself never prunes this registry.
          local ck = p .. 'canceled:' .. q
          for _, id in ipairs(redis.call('ZRANDMEMBER', ck, 20)) do
            if redis.call('EXISTS', jobkey(id)) == 0 then redis.call('ZREM', ck, id) end
          end
        end
        return moved
        """);

    /// <summary>ARGV[4] id, ARGV[5] reason. Cancels a queued or scheduled job; returns 1, or 0 when it is in another state or gone.</summary>
    public static readonly RedisScript Cancel = new(Prelude + """
        local id = ARGV[4]
        local jk = jobkey(id)
        local status = redis.call('HGET', jk, 'status')
        local queue = redis.call('HGET', jk, 'origin')
        if status == 'queued' then
          redis.call('LREM', p .. 'queue:' .. queue, 1, id)
        elseif status == 'scheduled' then
          redis.call('ZREM', p .. 'scheduled:' .. queue, id)
        else
          return 0
        end
        local ttl = tonumber(redis.call('HGET', jk, 'failure_ttl') or '31536000')
        redis.call('HSET', jk, 'status', 'canceled', 'ended_at', nowiso, 'exc_info', ARGV[5])
        redis.call('ZADD', p .. 'canceled:' .. queue, now, id)
        keep(jk, ttl)
        return 1
        """);

    /// <summary>ARGV[4] queue, ARGV[5..] ids, or none for up to 1000 of the queue's failed jobs. Returns how many were requeued.</summary>
    public static readonly RedisScript RequeueFailed = new(Prelude + """
        local q = ARGV[4]
        local fk = p .. 'failed:' .. q
        local ids = {}
        for i = 5, #ARGV do ids[#ids + 1] = ARGV[i] end
        if #ids == 0 then ids = redis.call('ZRANGE', fk, 0, 999) end
        local n = 0
        for _, id in ipairs(ids) do
          local jk = jobkey(id)
          if redis.call('ZREM', fk, id) == 1 and redis.call('EXISTS', jk) == 1 then
            redis.call('PERSIST', jk)
            redis.call('HSET', jk, 'status', 'queued', 'enqueued_at', nowiso)
            redis.call('RPUSH', p .. 'queue:' .. q, id)
            n = n + 1
          end
        end
        return n
        """);

    /// <summary>ARGV[4] id: removes the job from its queue and every registry, then deletes its hash.</summary>
    public static readonly RedisScript Delete = new(Prelude + """
        local id = ARGV[4]
        local jk = jobkey(id)
        local q = redis.call('HGET', jk, 'origin')
        if not q then return 0 end
        redis.call('LREM', p .. 'queue:' .. q, 0, id)
        for _, r in ipairs({ 'scheduled:', 'wip:', 'finished:', 'failed:', 'canceled:', 'deferred:' }) do
          redis.call('ZREM', p .. r .. q, id)
        end
        redis.call('DEL', jk, p .. 'results:' .. id)
        return 1
        """);

    /// <summary>
    /// ARGV[4] queue: deletes up to a thousand queued jobs from the front of the queue and returns their ids; the
    /// caller runs it until it returns none, so Redis serves other clients between chunks.
    /// </summary>
    public static readonly RedisScript Empty = new(Prelude + """
        local q = p .. 'queue:' .. ARGV[4]
        local ids = redis.call('LRANGE', q, 0, 999)
        for _, id in ipairs(ids) do redis.call('DEL', jobkey(id)) end
        redis.call('LTRIM', q, #ids, -1)
        return ids
        """);

    /// <summary>ARGV[4] id, ARGV[5] meta JSON; writes nothing once the job has expired or been deleted.</summary>
    public static readonly RedisScript SaveMeta = new(Prelude + """
        local jk = jobkey(ARGV[4])
        if redis.call('EXISTS', jk) == 0 then return 0 end
        redis.call('HSET', jk, 'meta', ARGV[5])
        return 1
        """);
}
