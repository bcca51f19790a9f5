//! What an app has in front of its routes, loaded at startup: next.config
//! (its rules compiled), the proxy and the `public/` files. The request
//! path that uses them is `http/front.rs`.

use std::path::PathBuf;

use edgeroute_public::PublicDir;
use edgeroute_rules::{NextConfig, Rules};

use crate::proxy::Proxy;

/// next.config, the proxy and `public/`, as loaded.
#[derive(Debug)]
pub(crate) struct Front {
  /// The next.config file, if the project has one.
  pub config_file: Option<PathBuf>,
  /// The resolved config (Next's defaults without a file).
  pub config: NextConfig,
  /// Its headers, redirects and rewrites, compiled.
  pub rules: Rules,
  /// The files of `public/`.
  pub public: PublicDir,
  /// The proxy (`proxy.ts` / `middleware.ts`), if any.
  pub proxy: Option<Proxy>,
}

impl Front {
  /// The startup lines: what was loaded.
  pub(crate) fn summary(&self, root: &std::path::Path) -> String {
    let show = |path: &std::path::Path| {
      path
        .strip_prefix(root)
        .unwrap_or(path)
        .display()
        .to_string()
    };
    let mut out = String::new();
    match &self.config_file {
      Some(file) => {
        let counts = self.rules.counts();
        out.push_str(&format!(
          "config: {} (headers {}, redirects {}, rewrites {} before files / {} after files / {} fallback",
          show(file),
          counts.headers,
          counts.redirects,
          counts.before_files,
          counts.after_files,
          counts.fallback,
        ));
        if !self.config.base_path.is_empty() {
          out.push_str(&format!(", basePath {}", self.config.base_path));
        }
        if self.config.trailing_slash {
          out.push_str(", trailingSlash");
        }
        out.push_str(")\n");
      }
      None => out.push_str("config: none\n"),
    }
    if let Some(proxy) = &self.proxy {
      let kind = if proxy.is_middleware {
        "middleware"
      } else {
        "proxy"
      };
      out.push_str(&format!(
        "{kind}: {} ({}, matcher {})\n",
        show(&proxy.route.file),
        proxy.route.segment.runtime.as_str(),
        proxy.matcher.describe(),
      ));
    }
    out.push_str(&format!("public: {} files\n", self.public.len()));
    out
  }
}
