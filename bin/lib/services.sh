# Shared by bin/dev and bin/test: install what is missing, start and stop the local services.
# Sourced, not run. Every function that starts something records how to stop it in STOP_PIDS / PG_DATA.

STOP_PIDS=()
PG_DATA=""
PG_BIN=""

log() { printf '\033[1;34m==>\033[0m %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# apt packages this project needs, keyed by a file that proves each one is installed.
ensure_apt_packages() {
  local missing=()
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
  command -v redis-server >/dev/null || missing+=(redis-server)
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  [ "${NEED_BROWSER:-0}" = 1 ] && { [ -x /usr/bin/chromium ] || missing+=(chromium); }
  if [ "${NEED_BENCH:-0}" = 1 ]; then  # bench/*/run: the queue's Python peers and the HTTP load generator
    /usr/bin/python3 -c 'import rq' 2>/dev/null || missing+=(python3-rq)
    /usr/bin/python3 -c 'import celery' 2>/dev/null || missing+=(python3-celery)
    command -v wrk >/dev/null || missing+=(wrk)
  fi
  # RQ's own client and CLI, which the queue tests drive against our worker (Debian's python3-rq is RQ 1.13).
  [ "${NEED_RQ:-0}" = 1 ] && { [ -f /usr/lib/python3/dist-packages/rq/__init__.py ] || missing+=(python3-rq); }
  if [ ${#missing[@]} -gt 0 ]; then
    log "installing ${missing[*]} (apt)"
    [ "$(id -u)" = 0 ] || die "installing ${missing[*]} needs root; run as root or install them first"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  fi
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
}

ensure_npm_packages() {
  if [ ! -x node_modules/.bin/maildev ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
    log "installing MailDev (npm ci)"
    npm ci --no-audit --no-fund --loglevel=error >/dev/null
  fi
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Below Linux's ephemeral range (32768-60999), so an outgoing connection cannot take the port between this
# check and the server binding it.
free_port() {
  local p
  for _ in $(seq 1 200); do
    p=$((20000 + RANDOM % 12000))
    port_in_use "$p" || { echo "$p"; return; }
  done
  die "no free port found"
}

# port what [pid log [forever]]: with a pid, a server that exits says so at once, with its log; with
# "forever", only that exit ends the wait (an app's cold start has no honest time limit).
wait_for_port() {
  local deadline=$((SECONDS + 30))
  until port_in_use "$1"; do
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      [ -n "${4:-}" ] && tail -n 20 "$4" >&2
      die "$2 exited before listening on port $1${4:+ (full log: $4)}"
    fi
    [ "${5:-}" = forever ] || [ $SECONDS -lt $deadline ] || die "$2 did not start listening on port $1 within 30 s"
    sleep 0.1
  done
}

# port variable: dies naming who holds the port and the ways out.
check_port_free() {
  port_in_use "$1" || return 0
  local holder
  holder=$(ss -Htlnp "sport = :$1" 2>/dev/null | grep -o 'users:(([^)]*' | head -1 | sed 's/users:((//')
  printf 'error: port %s is taken%s.\n' "$1" "${holder:+ by $holder}" >&2
  printf '  - another bin/dev still running? Stop it with Ctrl-C in its terminal.\n' >&2
  printf '  - a server left over? Stop it: kill <pid> (the pid is shown above; `ss -tlnp "sport = :%s"` tells).\n' "$1" >&2
  printf '  - or run this one elsewhere: %s=<free port> bin/dev\n' "$2" >&2
  exit 1
}

# log what command...: runs a step quietly; on failure shows the end of its log.
run_logged() {
  local logfile=$1 what=$2
  shift 2
  "$@" >"$logfile" 2>&1 || { tail -n 30 "$logfile" >&2; die "$what failed (full log: $logfile)"; }
}

# PostgreSQL refuses to run as root, so the cluster belongs to the postgres user.
start_postgres() { # dir port
  local dir=$1 port=$2
  mkdir -p "$dir"
  chown postgres "$dir" 2>/dev/null || true
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    runuser -u postgres -- "$PG_BIN/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 >"$dir/initdb.log" 2>&1 \
      || die "initdb failed: see $dir/initdb.log"
  fi
  runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w -t 30 \
    -o "-p $port -k $dir -c listen_addresses=127.0.0.1 ${PG_EXTRA_OPTS:-}" start >/dev/null \
    || die "PostgreSQL did not start: see $dir/postgres.log"
  PG_DATA="$dir/data"
}

start_redis() { # dir port
  mkdir -p "$1"
  setsid redis-server --bind 127.0.0.1 --port "$2" --dir "$1" ${REDIS_EXTRA_OPTS:-} --daemonize no >"$1/redis.log" 2>&1 &
  STOP_PIDS+=($!)
  wait_for_port "$2" "Redis" "$!" "$1/redis.log"
}

start_maildev() { # smtp-port web-port [mail-directory]
  local args=(--smtp "$1" --web "$2" --ip 127.0.0.1 --web-ip 127.0.0.1 --max-message-size 0 --silent)
  [ -n "${3:-}" ] && args+=(--mail-directory "$3")
  setsid node_modules/.bin/maildev "${args[@]}" >/dev/null 2>&1 &
  STOP_PIDS+=($!)
  wait_for_port "$1" "MailDev SMTP" "$!"
  wait_for_port "$2" "MailDev web" "$!"
}

# Servers run in their own sessions (setsid), so Ctrl-C reaches only the app's processes; they stop here
# last to first, so the worker can still reach Redis while it puts its jobs back and unregisters.
stop_services() {
  local i pid
  for ((i = ${#STOP_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${STOP_PIDS[i]}
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  done
  STOP_PIDS=()
  if [ -n "$PG_DATA" ]; then
    runuser -u postgres -- "$PG_BIN/pg_ctl" -D "$PG_DATA" -m fast -w stop >/dev/null 2>&1 || true
    PG_DATA=""
  fi
}
