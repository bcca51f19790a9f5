//! Fixes to the JS of upstream extensions, applied to their sources while
//! `build.rs` makes the snapshot (through deno_core's extension
//! transpiler hook), and the few places where edgeroute puts its own
//! machinery in place of Deno's. Each says why; the build fails when a
//! fix no longer finds its text (upstream changed: check whether the bug
//! is gone and drop the fix).

/// One textual fix to one extension file.
pub struct Fix {
  /// The file, as its extension names it.
  pub specifier: &'static str,
  /// The text replaced; it must occur exactly once.
  pub find: &'static str,
  /// What replaces it.
  pub replace: &'static str,
}

/// The fixes, by file.
pub const FIXES: &[Fix] = &[
  // deno_web's `httpTrim` (Fetch's "HTTP whitespace trim", behind every
  // `Headers` value) matches `^ws*(.*?)ws*$` without the `s` flag: a value
  // with leading or trailing whitespace *and* a CR or LF inside does not
  // match, becomes "", and so passes the CR/LF check that should throw
  // (`headers.append("set-cookie", "\tx\ny")` stored an empty header;
  // undici, under `next start`, throws a TypeError). Found by the cookies
  // fuzz target (ext/next/fuzz).
  Fix {
    specifier: "ext:deno_web/00_infra.js",
    find: "`^[${HTTP_WHITESPACE_MATCHER}]*(.*?)[${HTTP_WHITESPACE_MATCHER}]*$`,\n);",
    replace: "`^[${HTTP_WHITESPACE_MATCHER}]*(.*?)[${HTTP_WHITESPACE_MATCHER}]*$`,\n  \"s\",\n);",
  },
  // deno_fs builds its stat decoders with `new Function`, whose body reads
  // the global `Deno.build.os`: no such global in edgeroute's isolates
  // (route code must not see one), so every `fs.stat` would throw. Not an
  // upstream bug, an assumption: the decoders are made for the OS the
  // snapshot is built on, which is the one it runs on.
  Fix {
    specifier: "ext:deno_fs/30_fs.js",
    find: "'const unix = Deno.build.os === \"darwin\" || Deno.build.os === \"linux\" || Deno.build.os === \"android\" || Deno.build.os === \"openbsd\" || Deno.build.os === \"freebsd\";' +",
    replace: if cfg!(windows) {
      "'const unix = false;' +"
    } else {
      "'const unix = true;' +"
    },
  },
  // child_process's spawnSync (execFileSync, execSync) drops every spawn
  // error but NotFound: a spawn the sandbox denies came back as "Command
  // failed" with no reason. Node reports spawn errors in `result.error`,
  // which execFileSync throws.
  Fix {
    specifier: "ext:deno_node/internal/child_process.ts",
    find: "      result.error = _createSpawnError(\"ENOENT\", command, args, true);\n    }\n  }\n  return result;\n}",
    replace: "      result.error = _createSpawnError(\"ENOENT\", command, args, true);\n    } else {\n      result.error = err;\n    }\n  }\n  return result;\n}",
  },
  // `module.createRequire()` hands out edgeroute's `require()`
  // (ext/node/20_require.js), the one that serves CommonJS everywhere else:
  // same resolver (and so the route's runtime and conditions), same module
  // registry, same sandbox. deno_node's own resolves through services
  // edgeroute does not give it.
  Fix {
    specifier: "node:module",
    find: "  const filename = op_require_as_file_path(fileUrlStr) ?? fileUrlStr;\n  return createRequireFromPath(filename, fileUrlStr);",
    replace: "  if (internals.edgerouteCreateRequire !== undefined) {\n    return internals.edgerouteCreateRequire(fileUrlStr);\n  }\n  const filename = op_require_as_file_path(fileUrlStr) ?? fileUrlStr;\n  return createRequireFromPath(filename, fileUrlStr);",
  },
];

/// `code` of `specifier` with its fixes applied; the indices of the fixes
/// applied go to `applied`. An error when a fix's text is not found
/// exactly once.
pub fn apply(
  specifier: &str,
  code: &str,
  applied: &mut Vec<usize>,
) -> Result<Option<String>, String> {
  let mut fixed: Option<String> = None;
  for (index, fix) in FIXES.iter().enumerate() {
    if fix.specifier != specifier {
      continue;
    }
    let current = fixed.as_deref().unwrap_or(code);
    let found = current.matches(fix.find).count();
    if found != 1 {
      return Err(format!(
        "{specifier}: the text of upstream fix #{index} occurs {found} times, not once"
      ));
    }
    fixed = Some(current.replacen(fix.find, fix.replace, 1));
    applied.push(index);
  }
  Ok(fixed)
}
