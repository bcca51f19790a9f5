# benches/lib/common.sh — what the benches/ scripts share, sourced by
# benches/run and benches/front after they set BENCH_DIR (and, optionally,
# BENCH_SCRIPT, the name their messages start with):
#
#   the shared settings     WORK TOOLS LOGS PROBE DURATION WARMUP CONNECTIONS
#                           THREADS PORT_BASE QUIET_WAIT TARGET_DIR EDGEROUTE_ARGS
#                           PIN SERVER_CPUS LOAD_CPUS (pinned mode)
#   log die                 messages
#   take_lock               one benchmark at a time per machine (BENCH_LOCK)
#   install_loadgen         wrk (apt-get) or oha (cargo install): sets LOADGEN
#   build_edgeroute [NAME]  release edgeroute (or BENCH_EDGEROUTE), copied to
#                           .work/bin/NAME: sets EDGEROUTE, EDGEROUTE_BUILD
#   phase wait_quiet busy_others cpu_busy_percent
#                           the quiet-machine wait: sets QUIET, BUSY_NOTES,
#                           STARTED_AT, LOAD_BEFORE
#   start_server stop_server stop_last cleanup (on EXIT)
#                           servers in their own process group: SERVER_PID,
#                           LISTEN_MS, FIRST_MS
#   check_answer            {"hello":"world"}, application/json: ANSWER_HEAD
#   load load_warmup load_measure
#                           wrk/oha: RPS P50 P99 ERRORS REQUESTS
#   rss_kb group_rss_kb threads_named median div to_ms
#   write_next_project_files DIR   next.config.js and tsconfig.json of a
#                           Next.js project the benches build

BENCH_SCRIPT=${BENCH_SCRIPT:-benches/$(basename "$0")}
REPO=$(dirname "$BENCH_DIR")
WORK=$BENCH_DIR/.work
TOOLS=$BENCH_DIR/.tools
LOGS=$WORK/logs
PROBE=$BENCH_DIR/lib/probe.mjs

DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
# Pinned mode (BENCH_PIN=1): every server on BENCH_SERVER_CPUS [1], the
# load generator on BENCH_LOAD_CPUS [0] with one thread, so each server
# gets exactly those cores (`taskset`); unpinned, both share the machine.
PIN=${BENCH_PIN:-0}
SERVER_CPUS=${BENCH_SERVER_CPUS:-1}
LOAD_CPUS=${BENCH_LOAD_CPUS:-0}
if [[ $PIN == 1 ]]; then
  THREADS=${BENCH_THREADS:-1}
  PINNED=(taskset -c "$LOAD_CPUS")
else
  THREADS=${BENCH_THREADS:-2}
  PINNED=()
fi
PORT_BASE=${BENCH_PORT_BASE:-3100}
QUIET_WAIT=${BENCH_QUIET_WAIT:-900}
TARGET_DIR=${CARGO_TARGET_DIR:-$REPO/target}
# Extra `edgeroute serve` flags, e.g. "--pool-min 2".
read -r -a EDGEROUTE_ARGS <<<"${BENCH_EDGEROUTE_ARGS:-}"

export EDGEROUTE_LOG=${EDGEROUTE_LOG:-warn}

log() { printf '\n== %s\n' "$*" >&2; }
die() { printf '%s: %s\n' "$BENCH_SCRIPT" "$*" >&2; exit 1; }

# ------------------------------------------------------------- lock
# One benchmark at a time on this machine, whichever checkout it is in
# (fd 9 stays open, and locked, until the script exits).
take_lock() {
  exec 9>"${BENCH_LOCK:-/tmp/edgeroute-benches.lock}"
  if ! flock -n 9; then
    printf '%s: waiting for another benchmark on this machine\n' "$BENCH_SCRIPT" >&2
    flock 9
  fi
}

# ------------------------------------------------------------- cleanup
# Every server runs in its own process group (the probe spawns it
# detached); stopping the group also stops `next start`'s next-server.
PIDS=()
stop_server() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || return 0
  for _ in $(seq 50); do
    kill -0 -- "-$pid" 2>/dev/null || return 0
    sleep 0.1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
}
cleanup() {
  local pid
  for pid in "${PIDS[@]}"; do stop_server "$pid"; done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ------------------------------------------------------------- install
install_loadgen() {
  if [[ -n ${BENCH_LOADGEN:-} ]]; then LOADGEN=$BENCH_LOADGEN
  elif command -v wrk >/dev/null; then LOADGEN=wrk
  elif [[ -x $TOOLS/bin/oha ]]; then LOADGEN=oha
  elif [[ $(id -u) == 0 ]] && command -v apt-get >/dev/null; then
    log "installing wrk (apt-get)"
    apt-get install -y wrk >&2 || { apt-get update >&2 && apt-get install -y wrk >&2; }
    LOADGEN=wrk
  else
    LOADGEN=oha
  fi
  if [[ $LOADGEN == oha && ! -x $TOOLS/bin/oha ]]; then
    log "installing oha (cargo install --locked --root benches/.tools)"
    cargo install oha --locked --root "$TOOLS" >&2
  fi
  if [[ $LOADGEN == wrk ]]; then command -v wrk >/dev/null || die "wrk not found"; fi
}

# ------------------------------------------------------------- build
# build_edgeroute [NAME]: release edgeroute from this checkout, or
# BENCH_EDGEROUTE as given, benchmarked from a copy in .work/bin/NAME
# (default edgeroute): another checkout building into the same target dir
# must not swap the binary under a run.
build_edgeroute() {
  local name=${1:-edgeroute} edgeroute=$TARGET_DIR/release/edgeroute
  if [[ -n ${BENCH_EDGEROUTE:-} ]]; then
    edgeroute=$BENCH_EDGEROUTE
    [[ -x $edgeroute ]] || die "BENCH_EDGEROUTE=$edgeroute is not an executable"
    log "edgeroute: $edgeroute (BENCH_EDGEROUTE, not built)"
  else
    log "cargo build --release -p edgeroute"
    (cd "$REPO" && CARGO_TARGET_DIR=$TARGET_DIR cargo build --release --locked -p edgeroute >&2)
  fi
  mkdir -p "$WORK/bin"
  cp "$edgeroute" "$WORK/bin/$name"
  EDGEROUTE_BUILD="$(sha256sum "$edgeroute" | cut -c1-12), $(date -u -r "$edgeroute" +%Y-%m-%dT%H:%M:%SZ)"
  EDGEROUTE=$WORK/bin/$name
}

# ------------------------------------------------------------- quiet
# Figures taken while a compiler runs are worthless on 2 cores: wait.
QUIET=true
BUSY_NOTES=()
wait_quiet() {
  local waited=0 busy
  while busy=$(busy_others) && [[ -n $busy ]]; do
    if ((waited >= QUIET_WAIT)); then
      printf '%s: WARNING: still running after %ss: %s; the next figures are not from a quiet machine\n' "$BENCH_SCRIPT" "$QUIET_WAIT" "$busy" >&2
      QUIET=false
      BUSY_NOTES+=("$1: $busy")
      return
    fi
    ((waited > 0)) || printf '%s: waiting for other builds to end (%s)\n' "$BENCH_SCRIPT" "$busy" >&2
    sleep 5
    waited=$((waited + 5))
  done
}
# A measurement step: waits for a quiet machine first.
phase() {
  log "$*"
  wait_quiet "$*"
  STARTED_AT=${STARTED_AT:-$(date -u +%Y-%m-%dT%H:%M:%SZ)}
  LOAD_BEFORE=${LOAD_BEFORE:-$(cut -d' ' -f1-3 /proc/loadavg)}
}
# What else loads the machine: compilers, cargo, load generators (none of
# ours runs between steps), and CPU use over one second above 15%.
busy_others() {
  local procs cpu
  # (Stopped ones, state T, load nothing: a paused build may wait.)
  procs=$(ps -eo stat=,comm= 2>/dev/null | awk '$1 !~ /^T/ && $2 ~ /^(rustc|cargo|cc1|cc1plus|wrk|oha)$/ {print $2}' |
    sort | uniq -c | xargs)
  cpu=$(cpu_busy_percent)
  if ((cpu > 15)); then procs="${procs:+$procs, }cpu ${cpu}% busy"; fi
  printf '%s' "$procs"
}
cpu_busy_percent() {
  local a b
  a=($(head -1 /proc/stat))
  sleep 1
  b=($(head -1 /proc/stat))
  # user nice system idle iowait irq softirq steal
  local busy=$(( (b[1] + b[2] + b[3] + b[6] + b[7] + b[8]) - (a[1] + a[2] + a[3] + a[6] + a[7] + a[8]) ))
  local idle=$(( (b[4] + b[5]) - (a[4] + a[5]) ))
  echo $(( busy * 100 / (busy + idle > 0 ? busy + idle : 1) ))
}

# ------------------------------------------------------------- helpers
rss_kb() { awk '/^VmRSS:/ {print $2}' "/proc/$1/status"; }
group_rss_kb() {
  local pid sum=0
  for pid in $(pgrep -g "$1"); do
    sum=$((sum + $(rss_kb "$pid" 2>/dev/null || echo 0)))
  done
  echo "$sum"
}
threads_named() { grep -l "^$2" /proc/"$1"/task/*/comm 2>/dev/null | wc -l; }
median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }
div() { awk -v a="$1" -v b="$2" 'BEGIN { if (b == 0 || a == "" || b == "") print "n/a"; else printf "%.2f", a / b }'; }
# 291.00us / 1.24ms / 1.01s -> milliseconds
to_ms() {
  awk -v v="$1" 'BEGIN {
    n = v + 0
    if (v ~ /us$/) n /= 1000; else if (v ~ /ms$/) n += 0;
    else if (v ~ /m$/) n *= 60000; else if (v ~ /s$/) n *= 1000
    printf "%.3f", n }'
}

# start_server NAME URL [CWD] -- COMMAND... : sets SERVER_PID, LISTEN_MS, FIRST_MS
start_server() {
  local name=$1 url=$2 cwd=$3
  shift 4
  # taskset execs the server: its pid stays the one the probe reports.
  [[ $PIN == 1 ]] && set -- taskset -c "$SERVER_CPUS" "$@"
  local line port=${url#http://127.0.0.1:}
  port=${port%%/*}
  # A server already there would answer in place of ours.
  if [[ -n $(ss -Hltn "sport = :$port" 2>/dev/null) ]]; then
    die "port $port is taken (set BENCH_PORT_BASE)"
  fi
  line=$(node "$PROBE" start "$url" "$LOGS/$name.log" "$cwd" -- "$@" 9>&-) ||
    die "$name did not start; see $LOGS/$name.log"
  read -r SERVER_PID LISTEN_MS FIRST_MS <<<"$line"
  PIDS+=("$SERVER_PID")
}
stop_last() {
  stop_server "$SERVER_PID"
  unset 'PIDS[-1]'
}

# check_answer NAME URL: the hello-world answer; its head in ANSWER_HEAD.
check_answer() {
  local name=$1 url=$2 body
  ANSWER_HEAD=$(curl -sS -D - -o "$WORK/answer" "$url")
  body=$(cat "$WORK/answer")
  [[ $body == '{"hello":"world"}' ]] || die "$name answered '$body' on $url"
  grep -qi '^content-type: application/json' <<<"$ANSWER_HEAD" || die "$name: no JSON content-type: $ANSWER_HEAD"
}

# load NAME URL : a warm-up run, then the measured one: sets RPS P50 P99
# ERRORS REQUESTS. load_warmup URL and load_measure NAME URL are its two
# halves, for a caller that reads something in between.
load() {
  load_warmup "$2"
  load_measure "$1" "$2"
}
load_warmup() {
  case $LOADGEN in
    wrk) "${PINNED[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$WARMUP" "$1" >/dev/null ;;
    oha) "${PINNED[@]}" "$TOOLS/bin/oha" --no-tui -c "$CONNECTIONS" -z "$WARMUP" "$1" >/dev/null ;;
    *) die "unknown load generator $LOADGEN" ;;
  esac
}
load_measure() {
  local name=$1 url=$2 out=$LOGS/load-$1.txt
  case $LOADGEN in
    wrk)
      "${PINNED[@]}" wrk -t"$THREADS" -c"$CONNECTIONS" -d"$DURATION" --latency "$url" >"$out"
      RPS=$(awk '/^Requests\/sec:/ {print $2}' "$out")
      P50=$(to_ms "$(awk '$1 == "50%" {print $2}' "$out")")
      P99=$(to_ms "$(awk '$1 == "99%" {print $2}' "$out")")
      ERRORS=$(awk '/Non-2xx or 3xx responses:/ {n += $NF}
        /Socket errors:/ {gsub(/,/, ""); n += $4 + $6 + $8 + $10} END {print n + 0}' "$out")
      REQUESTS=$(awk '/ requests in / {print $1}' "$out")
      ;;
    oha)
      "${PINNED[@]}" "$TOOLS/bin/oha" --no-tui -c "$CONNECTIONS" -z "$DURATION" "$url" >"$out"
      RPS=$(awk '/Requests\/sec:/ {print $2}' "$out")
      P50=$(awk '$1 ~ /^50(\.00)?%$/ && $2 == "in" {printf "%.3f", $3 * 1000}' "$out")
      P99=$(awk '$1 ~ /^99(\.00)?%$/ && $2 == "in" {printf "%.3f", $3 * 1000}' "$out")
      ERRORS=$(awk '/^ *\[[0-9]+\]/ && $1 !~ /\[200\]/ {n += $2} END {print n + 0}' "$out")
      REQUESTS=$(awk '/^ *\[[0-9]+\]/ {n += $2} END {print n + 0}' "$out")
      ;;
    *) die "unknown load generator $LOADGEN" ;;
  esac
  [[ -n $RPS && -n $P50 && -n $P99 ]] || die "could not read $out"
}

write_next_project_files() {
  printf '%s\n' "/** @type {import('next').NextConfig} */" "module.exports = {}" >"$1/next.config.js"
  cat >"$1/tsconfig.json" <<'EOF'
{
  "compilerOptions": {
    "target": "ES2017", "lib": ["dom", "dom.iterable", "esnext"], "allowJs": true,
    "skipLibCheck": true, "strict": false, "noEmit": true, "esModuleInterop": true,
    "module": "esnext", "moduleResolution": "bundler", "resolveJsonModule": true,
    "isolatedModules": true, "jsx": "react-jsx", "incremental": true,
    "plugins": [{ "name": "next" }]
  },
  "include": ["next-env.d.ts", "**/*.ts", "**/*.tsx", ".next/types/**/*.ts"],
  "exclude": ["node_modules"]
}
EOF
}
