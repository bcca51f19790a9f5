# benches/lib/report.sh — sourced by benches/run once every step has run:
# prints the markdown report (and keeps it in benches/.work/report.md) and
# writes benches/results/<UTC time>.json from the run's variables.

write_report() {
  {
    echo
    local placement="$(nproc) cores, unpinned"
    [[ $PIN == 1 ]] && placement="pinned: servers on CPU $SERVER_CPUS, load generator on CPU $LOAD_CPUS"
    echo "### Hello-world JSON, $LOADGEN -t$THREADS -c$CONNECTIONS -d$DURATION, $placement, $STARTED_AT${BENCH_EDGEROUTE_ARGS:+, edgeroute $BENCH_EDGEROUTE_ARGS}"
    echo
    echo "| server | req/s | p50 ms | p99 ms | errors | start → first 200 ms | RSS after load MB |"
    echo "|---|---:|---:|---:|---:|---:|---:|"
    for server in $SERVERS; do
      printf '| %s | %.0f | %s | %s | %s | %s | %s |\n' "$server" "${R_RPS[$server]}" \
        "${R_P50[$server]}" "${R_P99[$server]}" "${R_ERR[$server]}" "${R_START[$server]}" \
        "$(awk -v k="${R_RSS[$server]}" 'BEGIN {printf "%.1f", k / 1024}')"
    done
    echo
    echo "| target | measured | |"
    echo "|---|---:|---|"
    echo "| req/s edgeroute/next ≥ 10 | $RATIO_NEXT | $(mark "$RATIO_NEXT" 10 '>=') |"
    echo "| req/s edgeroute/deno ≥ 1.2 | $RATIO_DENO | $(mark "$RATIO_DENO" 1.2 '>=') |"
    echo "| req/s edgeroute/hyper ≥ 0.5 | $RATIO_HYPER | $(mark "$RATIO_HYPER" 0.5 '>=') |"
    echo "| req/s edgeroute/workerd (reported) | $RATIO_WORKERD | |"
    # Issue 17: per core (pinned) ≥ 1.0× deno serve and ≥ 0.8× bare hyper;
    # on the whole machine (unpinned) ≥ 1.0× deno serve --parallel.
    if [[ $PIN == 1 ]]; then
      echo "| pinned: req/s edgeroute/deno ≥ 1.0 (issue 17) | $RATIO_DENO | $(mark "$RATIO_DENO" 1.0 '>=') |"
      echo "| pinned: req/s edgeroute/hyper ≥ 0.8 (issue 17) | $RATIO_HYPER | $(mark "$RATIO_HYPER" 0.8 '>=') |"
    else
      echo "| unpinned: req/s edgeroute/deno --parallel ≥ 1.0 (issue 17) | $RATIO_DENO_PARALLEL | $(mark "$RATIO_DENO_PARALLEL" 1.0 '>=') |"
    fi
    echo "| edgeroute p99 < 5 ms at $CONNECTIONS connections | ${R_P99[$E]:-n/a} ms | $(mark "${R_P99[$E]:-n/a}" 5 '<') |"
    echo "| cold start: first request to a fresh $COLD_RUNTIME route, p50 ≤ 5 ms | $COLD_P50 ms (p90 $COLD_P90, max $COLD_MAX; warm $WARM_P50) | $(mark "$COLD_P50" 5 '<=') |"
    echo "| the same, fresh routes back to back | $B2B_P50 ms (p90 $B2B_P90, max $B2B_MAX; warm $B2B_WARM_P50) | |"
    # Targets: 5 MB on the edge; 8 MB with the Node.js runtime (issue 13).
    local rss_target=5
    [[ $COLD_RUNTIME == nodejs ]] && rss_target=8
    echo "| RSS per idle $COLD_RUNTIME isolate ≤ $rss_target MB | $RSS_PER_ROUTE_MB MB | $(mark "$RSS_PER_ROUTE_MB" "$rss_target" '<=') |"
    echo "| $BIG_ROUTES-route app: process start → first 200 < 1 s | $BIG_FIRST_S s (listening at $BIG_LISTEN_MS ms) | $(mark "$BIG_FIRST_S" 1 '<') |"
    echo
    echo "Cold start, process start → first 200 of /hello (median of $STARTS): $START_HELLO_MS ms."
    echo "Fresh routes: $COLD_COUNT, one request each on a new connection: $COLD_IDLE_COUNT with $COLD_GAP_MS ms of idle server before each, then $B2B_COUNT back to back (warm p50 of the same requests: $WARM_P50 / $B2B_WARM_P50 ms)."
    echo "RSS: $((RSS_ONE / 1024)) MB with 1 route warm, $((RSS_ALL / 1024)) MB with $COLD_ROUTES; isolate threads $ISOLATE_THREADS_ONE → $ISOLATE_THREADS_ALL."
    echo "$BIG_ROUTES-route app: edgeroute reports modules compiled in ${BIG_COMPILE_MS:-?} ms."
    echo "Load average before/after: $LOAD_BEFORE / $LOAD_AFTER; quiet at every step (no compiler, cargo, wrk or oha of others; CPU ≤ 15% busy): $QUIET."
    for note in "${BUSY_NOTES[@]}"; do echo "Busy during $note"; done
  } | tee "$WORK/report.md"

  result=$BENCH_DIR/results/$(date -u +%Y-%m-%dT%H%M%SZ).json
  {
    printf '{\n  "date": "%s",\n  "machine": {"cores": %s, "cpu": "%s", "kernel": "%s"},\n' \
      "$STARTED_AT" "$(nproc)" "$(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)" "$(uname -r)"
    printf '  "busy_during": [%s],\n' "$(for n in "${BUSY_NOTES[@]}"; do printf '"%s",' "$n"; done | sed 's/,$//')"
    printf '  "quiet": %s,\n  "loadavg_before": "%s",\n  "loadavg_after": "%s",\n' "$QUIET" "$LOAD_BEFORE" "$LOAD_AFTER"
    printf '  "edgeroute_commit": "%s",\n' "$(git -C "$REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
    printf '  "edgeroute_binary": "%s",\n  "edgeroute_binary_sha256_mtime": "%s",\n  "edgeroute_args": "%s",\n' \
      "${BENCH_EDGEROUTE:-built from this checkout}" "$EDGEROUTE_BUILD" "${BENCH_EDGEROUTE_ARGS:-}"
    printf '  "load": {"tool": "%s", "threads": %s, "connections": %s, "duration": "%s", "warmup": "%s", "path": "/hello"},\n' \
      "$LOADGEN" "$THREADS" "$CONNECTIONS" "$DURATION" "$WARMUP"
    if [[ $PIN == 1 ]]; then
      printf '  "pinned": {"server_cpus": "%s", "load_cpus": "%s"},\n' "$SERVER_CPUS" "$LOAD_CPUS"
    else
      printf '  "pinned": null,\n'
    fi
    printf '  "servers": {\n'
    first=1
    for server in $SERVERS; do
      ((first)) || printf ',\n'
      first=0
      printf '    "%s": {"rps": %s, "p50_ms": %s, "p99_ms": %s, "errors": %s, "start_to_first_200_ms": %s, "rss_after_load_kb": %s}' \
        "$server" "${R_RPS[$server]}" "${R_P50[$server]}" "${R_P99[$server]}" "${R_ERR[$server]}" "${R_START[$server]}" "${R_RSS[$server]}"
    done
    printf '\n  },\n'
    printf '  "ratios": {"edgeroute_next": "%s", "edgeroute_deno": "%s", "edgeroute_hyper": "%s", "edgeroute_workerd": "%s", "edgeroute_deno_parallel": "%s"},\n' \
      "$RATIO_NEXT" "$RATIO_DENO" "$RATIO_HYPER" "$RATIO_WORKERD" "$RATIO_DENO_PARALLEL"
    printf '  "edgeroute_start_to_first_200_ms": {"median": %s, "runs": [%s]},\n' \
      "$START_HELLO_MS" "$(IFS=,; echo "${STARTS_HELLO[*]}")"
    printf '  "fresh_route_first_request_ms": {"runtime": "%s", "routes": %s, "gap_ms": %s, "p50": %s, "p90": %s, "max": %s, "warm_p50": %s},\n' \
      "$COLD_RUNTIME" "$COLD_IDLE_COUNT" "$COLD_GAP_MS" "$COLD_P50" "$COLD_P90" "$COLD_MAX" "$WARM_P50"
    printf '  "fresh_route_back_to_back_ms": {"routes": %s, "p50": %s, "p90": %s, "max": %s, "warm_p50": %s},\n' \
      "$B2B_COUNT" "$B2B_P50" "$B2B_P90" "$B2B_MAX" "$B2B_WARM_P50"
    printf '  "rss": {"one_route_kb": %s, "all_routes_kb": %s, "routes": %s, "per_route_kb": %s, "isolate_threads": [%s, %s]},\n' \
      "$RSS_ONE" "$RSS_ALL" "$COLD_ROUTES" "$RSS_PER_ROUTE_KB" "$ISOLATE_THREADS_ONE" "$ISOLATE_THREADS_ALL"
    printf '  "big_app": {"routes": %s, "listen_ms": %s, "first_200_ms": %s, "compile_ms": %s, "first_200_runs": [%s]}\n}\n' \
      "$BIG_ROUTES" "$BIG_LISTEN_MS" "$BIG_FIRST_MS" "${BIG_COMPILE_MS:-null}" "$(IFS=,; echo "${BIG_FIRST[*]}")"
  } >"$result"
  echo
  echo "Results: ${result#"$REPO"/}"
}
