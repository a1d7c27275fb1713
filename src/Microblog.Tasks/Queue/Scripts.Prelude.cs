namespace Microblog.Tasks.Queue;

// The Lua functions every script in Scripts.cs starts with (the scripts themselves are there).
internal static partial class Scripts
{
    internal const string Prelude = """
        local p, now, nowiso = ARGV[1], tonumber(ARGV[2]), ARGV[3]
        -- Unix seconds and microseconds as ISO 8601, for stamps taken with the server's clock. Days to a civil
        -- date by H. Hinnant's algorithm: Redis' Lua has no os.date.
        local function iso(seconds, micros)
          local z = math.floor(seconds / 86400) + 719468
          local secs = seconds % 86400
          local era = math.floor(z / 146097)
          local doe = z - era * 146097
          local yoe = math.floor((doe - math.floor(doe / 1460) + math.floor(doe / 36524) - math.floor(doe / 146096)) / 365)
          local doy = doe - (365 * yoe + math.floor(yoe / 4) - math.floor(yoe / 100))
          local mp = math.floor((5 * doy + 2) / 153)
          local d = doy - math.floor((153 * mp + 2) / 5) + 1
          local m = mp < 10 and mp + 3 or mp - 9
          local y = yoe + era * 400 + (m <= 2 and 1 or 0)
          return string.format('%04d-%02d-%02dT%02d:%02d:%02d.%06dZ',
            y, m, d, math.floor(secs / 3600), math.floor(secs % 3600 / 60), secs % 60, micros)
        end
        local function jobkey(id) return p .. 'job:' .. id end
        local function workerkey(worker) return p .. 'worker:' .. worker end
        -- The jobs a worker has taken and not yet settled (RedisKeys.WorkerJobs on the C# side).
        local function inflightkey(worker) return workerkey(worker) .. ':jobs' end
        -- Jobs settled per second and per hour, for a dashboard's charts (JobThroughput.cs reads them): a hash per
        -- minute kept 11 minutes and a hash per day kept 9 days, so the history stays a few dozen keys.
        local function count(outcome)
          local s = math.floor(now)
          local m = p .. 'stats:' .. outcome .. ':m:' .. math.floor(s / 60)
          redis.call('HINCRBY', m, s, 1)
          redis.call('EXPIRE', m, 660)
          local d = p .. 'stats:' .. outcome .. ':d:' .. math.floor(s / 86400)
          redis.call('HINCRBY', d, math.floor(s / 3600), 1)
          redis.call('EXPIRE', d, 9 * 86400)
        end
        local function expiry(ttl) if ttl < 0 then return '+inf' end return now + ttl end
        local function keep(jk, ttl)
          if ttl < 0 then redis.call('PERSIST', jk) else redis.call('EXPIRE', jk, math.max(1, ttl)) end
        end
        -- RQ 1.13's result stream (rq.results.Result): type 1 finished with a base64 return_value, type 2 failed
        -- with a base64 zlib exc_string (both encoded by the caller); RQ reads return_value() and exc_info from it.
        local function add_result(id, ttl, kind, field, value)
          local rk = p .. 'results:' .. id
          if ttl == 0 then redis.call('DEL', rk) return end
          if field then
            redis.call('XADD', rk, 'MAXLEN', 10, '*', 'type', kind, field, value)
          else
            redis.call('XADD', rk, 'MAXLEN', 10, '*', 'type', kind)
          end
          keep(rk, ttl)
        end
        -- A started job's score in the started registry is when RQ's cleanup (`rq info` runs it) may take it for
        -- abandoned: never in the past while it runs. The worker's heartbeat pushes it on; a job without timeout
        -- is never abandoned by score, only by the reaper once its worker stops heartbeating.
        local function started_score(timeout)
          if timeout <= 0 then return '+inf' end
          return now + timeout + 60
        end
        -- Worker statistics only while the worker's key lives: a write to an expired key would recreate it
        -- without expiry, and the reaper would never take that worker for dead.
        local function count_job(worker, field)
          local wk = workerkey(worker)
          if redis.call('EXISTS', wk) == 1 then redis.call('HINCRBY', wk, field, 1) end
        end
        local function fail_or_retry(id, jk, queue, excinfo, excstring)
          redis.call('ZREM', p .. 'wip:' .. queue, id)
          local left = tonumber(redis.call('HGET', jk, 'retries_left') or '0')
          if left > 0 then
            local intervals = cjson.decode(redis.call('HGET', jk, 'retry_intervals') or '[]')
            local attempt = tonumber(redis.call('HGET', jk, 'attempt') or '1')
            local delay = 0
            if #intervals > 0 then delay = intervals[math.min(attempt, #intervals)] end
            redis.call('HSET', jk, 'retries_left', left - 1, 'exc_info', excinfo)
            if delay > 0 then
              redis.call('HSET', jk, 'status', 'scheduled')
              redis.call('ZADD', p .. 'scheduled:' .. queue, now + delay, id)
            else
              redis.call('HSET', jk, 'status', 'queued', 'enqueued_at', nowiso)
              redis.call('RPUSH', p .. 'queue:' .. queue, id)
            end
            return 'retried'
          end
          local ttl = tonumber(redis.call('HGET', jk, 'failure_ttl') or '31536000')
          redis.call('HSET', jk, 'status', 'failed', 'ended_at', nowiso, 'exc_info', excinfo)
          redis.call('ZADD', p .. 'failed:' .. queue, expiry(ttl), id)
          keep(jk, ttl)
          add_result(id, ttl, 2, 'exc_string', excstring)
          return 'failed'
        end
        -- Reads the job once and returns its hash as started, for the worker to run: every job pays for this.
        local function start(worker, id, inflight)
          local jk = jobkey(id)
          local hash = redis.call('HGETALL', jk)
          local at = {}
          for i = 1, #hash, 2 do at[hash[i]] = i + 1 end
          if not at.status or hash[at.status] ~= 'queued' or not at.origin then
            redis.call('LREM', inflight, 1, id)
            return false
          end
          local attempt = tostring(tonumber(at.attempt and hash[at.attempt] or '0') + 1)
          local started = { status = 'started', started_at = nowiso, worker_name = worker, attempt = attempt, id = id }
          redis.call('HSET', jk, 'status', 'started', 'started_at', nowiso, 'worker_name', worker, 'attempt', attempt)
          local timeout = tonumber(at.timeout and hash[at.timeout] or '180') or 180
          redis.call('ZADD', p .. 'wip:' .. hash[at.origin], started_score(timeout), id)
          for name, value in pairs(started) do
            if at[name] then
              hash[at[name]] = value
            else
              hash[#hash + 1] = name
              hash[#hash + 1] = value
            end
          end
          return hash
        end
        -- Moves up to count jobs from the queues named in ARGV[first..] (in priority order) into the worker's
        -- in-flight list and starts them; returns their hashes.
        local function take(worker, count, first)
          local inflight = inflightkey(worker)
          local out = {}
          for i = first, #ARGV do
            local q = p .. 'queue:' .. ARGV[i]
            while #out < count do
              local id = redis.call('LMOVE', q, inflight, 'LEFT', 'RIGHT')
              if not id then break end
              local job = start(worker, id, inflight)
              if job then out[#out + 1] = job end
            end
            if #out >= count then break end
          end
          return out
        end
        -- A worker may only settle a job that is still in its in-flight list: once a reaper or a shutdown
        -- has put the job back, the late outcome of the old run is dropped.
        local function release(worker, id)
          return redis.call('LREM', inflightkey(worker), 1, id) == 1
        end

        """;
}
