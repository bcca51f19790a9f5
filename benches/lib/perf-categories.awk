# Groups `perf report --no-children --sort dso,sym --stdio -g none` lines
# into coarse buckets (shares of all samples). Used by benches/profile.
/^ +[0-9.]+%/ {
  pct = $1; sub(/%/, "", pct); line = $0
  if (line ~ /Deserializer|StringTableInsertionKey|StringTable::|ReadOnlyHeap|Snapshot|JSDispatchTable/) c = "V8 snapshot deserialization"
  else if (line ~ /Scanner|Parser|AstValueFactory|PerfectKeywordHash|interpreter::|BytecodeGenerator|Compiler|ScopeInfo|Scope::|PreParser|baseline::|FuncNameInferrer|Zone::/) c = "V8 parse/compile"
  else if (line ~ /Scavenge|MarkCompact|Sweeper|Marking|Evacuat|MemoryAllocator|PagedSpace|NewSpace|MemoryChunk|PageMetadata|GC/) c = "V8 GC and heap"
  else if (line ~ /clear_page|page_fault|handle_mm_fault|do_anonymous_page|folio|memcg|__alloc|mas_|lru|rmap|zap_|unmap|mmap|pte|free_pages|__list_del|vma|charge|mprotect|release_pages/) c = "kernel: memory (page faults, mmap)"
  else if (line ~ /tcp_|ip_|sock|skb|__netif|net_rx|loopback|__dev_queue|epoll|ep_poll|sys_sendto|sys_recvfrom|inet_|nf_|__sys_/) c = "kernel: network and epoll"
  else if (line ~ /finish_task_switch|schedule|_raw_spin|futex|irqentry_exit|try_to_wake_up|enqueue|dequeue|select_task|update_curr|pick_next|switch_to|native_queued/) c = "kernel: scheduling and wake-ups"
  else if (line ~ /\[k\]/) c = "kernel: other"
  else if (line ~ /Builtins_|\[JIT\]|perf-[0-9]+\.map|\[unknown\]/) c = "V8 running JS (builtins, JIT)"
  else if (line ~ /libc/) c = "libc (malloc, memcpy)"
  else if (line ~ /v8::|v8__/) c = "V8 runtime (other)"
  else if (line ~ /tokio::|hyper::|mio::/) c = "tokio, hyper"
  else c = "Rust other (deno_core, ops, edgeroute)"
  share[c] += pct; total += pct
}
END { for (c in share) printf "  %5.1f%%  %s\n", share[c] * 100 / total, c }
