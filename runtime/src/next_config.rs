//! next.config: found as `next start` finds it, evaluated once at startup
//! in a throwaway isolate on the Node.js runtime, read and validated by
//! `edgeroute_rules::NextConfig`.

use std::path::{Path, PathBuf};

use edgeroute_isolate::IsolateBase;
use edgeroute_rules::NextConfig;

use crate::error::Error;

/// The files Next.js reads, in the order it looks for them.
const CONFIG_FILES: &[&str] = &[
  "next.config.js",
  "next.config.mjs",
  "next.config.ts",
  "next.config.mts",
];

/// Files Next.js refuses with an error rather than ignoring.
const UNSUPPORTED_FILES: &[&str] = &[
  "next.config.cjs",
  "next.config.cts",
  "next.config.json",
  "next.config.jsx",
  "next.config.tsx",
];

/// The V8 heap the config isolate may use.
const CONFIG_HEAP: usize = 256 * 1024 * 1024;

/// A project's next.config, loaded.
#[derive(Debug)]
pub(crate) struct LoadedConfig {
  /// The file it came from; `None` without one (Next's defaults).
  pub file: Option<PathBuf>,
  /// The resolved config.
  pub config: NextConfig,
}

/// The project's next.config file, if it has one; Next's error for a file
/// name it does not support.
pub(crate) fn find(root: &Path) -> Result<Option<PathBuf>, Error> {
  if let Some(file) = CONFIG_FILES
    .iter()
    .map(|name| root.join(name))
    .find(|path| path.is_file())
  {
    return Ok(Some(file));
  }
  if let Some(name) = UNSUPPORTED_FILES
    .iter()
    .find(|name| root.join(name).is_file())
  {
    return Err(Error::Config {
      file: root.join(name),
      message: format!(
        "Configuring Next.js via '{name}' is not supported. Please replace the file with 'next.config.js', 'next.config.mjs', or 'next.config.ts'."
      ),
    });
  }
  Ok(None)
}

/// Evaluates the next.config `file` with `base`, the isolate setup of the
/// app (its module scope, `process.env`, permissions).
pub(crate) fn evaluate(
  file: PathBuf,
  base: &IsolateBase,
) -> Result<LoadedConfig, Error> {
  let failed = |message: String| Error::Config {
    file: file.clone(),
    message,
  };
  let json = edgeroute_isolate::load_next_config(base, &file, CONFIG_HEAP)
    .map_err(|error| failed(error.to_string()))?;
  let value: serde_json::Value =
    serde_json::from_str(&json).map_err(|error| failed(error.to_string()))?;
  let (config, warnings) =
    NextConfig::from_json(&value).map_err(|error| failed(error.to_string()))?;
  let name = file
    .file_name()
    .map(|name| name.to_string_lossy().into_owned())
    .unwrap_or_default();
  for warning in warnings {
    tracing::warn!("Invalid {name} options detected: {warning}");
  }
  Ok(LoadedConfig {
    file: Some(file),
    config,
  })
}
