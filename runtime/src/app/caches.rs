//! Where the app's caches come from: the data cache behind `--cache`
//! (kept across reloads), and next.config's JS cache handlers.

use std::path::Path;
use std::sync::Arc;

use crate::config::AppConfig;
use crate::error::Error;
use crate::next_config::LoadedConfig;

/// The data cache of the app in `dir`, as `config.cache` says, bounded in
/// memory by `config.prerender_bytes` (50 MB, Next.js's
/// `cacheMaxMemorySize` default). Redis needs a tokio runtime: the
/// connection is made (and remade) in the background.
pub(super) fn open_data_cache(
  dir: &Path,
  config: &AppConfig,
) -> Result<Arc<edgeroute_cache::Cache>, Error> {
  use edgeroute_cache::Cache;
  let bytes = config.prerender_bytes as u64;
  let cache = match &config.cache {
    crate::config::CacheBackend::Memory => Cache::in_memory(bytes),
    crate::config::CacheBackend::Disk => {
      let root = super::load::project_root(&super::load::find_app_dir(dir)?);
      Cache::on_disk(&root.join(".edgeroute").join("cache"), bytes)?
    }
    crate::config::CacheBackend::Redis(url) => {
      Cache::with_redis(url, "edgeroute:", bytes)?
    }
  };
  Ok(Arc::new(cache))
}

/// next.config's `cacheHandler` and `cacheHandlers`: paths, absolute or
/// from the project folder, as `next start` takes them; a file that is not
/// there is an error.
pub(super) fn handler_modules(
  root: &Path,
  loaded: &LoadedConfig,
) -> Result<edgeroute_next::CacheHandlerModules, Error> {
  let fail = |message: String| Error::Config {
    file: loaded.file.clone().unwrap_or_else(|| root.to_path_buf()),
    message,
  };
  let url_of = |option: &str, given: &str| {
    let file = root.join(given);
    if !file.is_file() {
      return Err(fail(format!(
        "{option} {given:?}: no such file ({})",
        file.display()
      )));
    }
    deno_core::url::Url::from_file_path(&file)
      .map(|url| url.to_string())
      .map_err(|()| fail(format!("{option} {given:?}: not a file path")))
  };
  let config = &loaded.config;
  let cache_handler = config
    .cache_handler
    .as_deref()
    .map(|given| url_of("cacheHandler", given))
    .transpose()?;
  let kinds = config
    .cache_handlers
    .iter()
    .map(|(kind, given)| {
      Ok((
        kind.clone(),
        url_of(&format!("cacheHandlers.{kind}"), given)?,
      ))
    })
    .collect::<Result<Vec<_>, Error>>()?;
  Ok(edgeroute_next::CacheHandlerModules {
    cache_handler,
    kinds,
    server_dist_dir: root.join(".next").join("server").display().to_string(),
  })
}
