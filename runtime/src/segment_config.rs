//! Route segment config (`export const revalidate = 60`, `dynamic`, ...),
//! read from the route module's source as Next.js reads it at build time.

use edgeroute_modules::{Literal, Runtime};

/// How long a prerendered GET answer stays fresh.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Revalidate {
  /// Never regenerated (`revalidate = false`, `dynamic = 'force-static'`).
  Never,
  /// Regenerated in the background once older than this many seconds.
  After(u64),
}

/// What the segment config says about a route's GET handler.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SegmentConfig {
  /// `Some` when GET is prerendered (static) rather than run per request.
  pub prerender: Option<Revalidate>,
  /// `maxDuration` in seconds: the route's wall-clock limit.
  pub max_duration: Option<u64>,
  /// `runtime`: Node.js unless it says `'edge'`.
  pub runtime: Runtime,
  /// `dynamicParams`: `false` makes a prerendered dynamic route answer
  /// 404 for params `generateStaticParams()` did not list.
  pub dynamic_params: bool,
  /// Whether what the GET does while prerendered can make it dynamic (an
  /// uncached fetch, reading the request): `revalidate = N`, and every GET
  /// under next.config's `cacheComponents`; not `force-static`.
  pub may_turn_dynamic: bool,
  /// `dynamic = 'error'`: a GET that reads the request while prerendered
  /// fails (Next.js's build error).
  pub dynamic_error: bool,
}

/// The segment config options `cacheComponents` forbids (Next.js fails
/// the build).
const NOT_WITH_CACHE_COMPONENTS: &[&str] =
  &["dynamic", "revalidate", "dynamicParams", "fetchCache"];

impl Default for SegmentConfig {
  fn default() -> Self {
    SegmentConfig {
      prerender: None,
      max_duration: None,
      runtime: Runtime::default(),
      dynamic_params: true,
      may_turn_dynamic: false,
      dynamic_error: false,
    }
  }
}

impl SegmentConfig {
  /// [`SegmentConfig::from_literals`] under next.config's
  /// `cacheComponents`: the options it forbids are an error (Next.js's
  /// build error), and GET is prerendered unless what it does makes it
  /// dynamic.
  pub fn with_cache_components(
    literals: &[(String, Literal)],
  ) -> Result<SegmentConfig, String> {
    if let Some((name, _)) = literals
      .iter()
      .find(|(name, _)| NOT_WITH_CACHE_COMPONENTS.contains(&name.as_str()))
    {
      return Err(format!(
        "Route segment config \"{name}\" is not compatible with `nextConfig.cacheComponents`. Please remove it."
      ));
    }
    Ok(SegmentConfig {
      prerender: Some(Revalidate::Never),
      may_turn_dynamic: true,
      ..SegmentConfig::from_literals(literals)
    })
  }

  /// Reads `dynamic` and `revalidate` as `next build` does for a route
  /// handler (Next.js 16): GET is dynamic unless `dynamic` is
  /// `'force-static'` or `'error'`, or `revalidate` is `false` or a
  /// positive number; `dynamic = 'force-dynamic'` and `revalidate = 0`
  /// keep it dynamic.
  pub fn from_literals(literals: &[(String, Literal)]) -> SegmentConfig {
    let get = |name: &str| {
      literals
        .iter()
        .rev()
        .find(|(n, _)| n == name)
        .map(|(_, v)| v)
    };
    let runtime = match get("runtime") {
      Some(Literal::String(s)) => Runtime::from_segment(s).unwrap_or_else(|| {
        tracing::warn!(
          "runtime = '{s}' is not a runtime Next.js knows ('nodejs' or 'edge'); the route runs on Node.js"
        );
        Runtime::NodeJs
      }),
      _ => Runtime::NodeJs,
    };
    let max_duration = match get("maxDuration") {
      Some(Literal::Number(n)) if *n >= 1.0 => Some(n.ceil() as u64),
      _ => None,
    };
    let dynamic_params =
      !matches!(get("dynamicParams"), Some(Literal::Bool(false)));
    let dynamic = match get("dynamic") {
      Some(Literal::String(s)) => s.as_str(),
      _ => "auto",
    };
    let revalidate = match get("revalidate") {
      Some(Literal::Bool(false)) => Some(Revalidate::Never),
      Some(Literal::Number(n)) if *n >= 1.0 => {
        Some(Revalidate::After(n.floor() as u64))
      }
      Some(Literal::Number(_)) => {
        return SegmentConfig {
          prerender: None,
          max_duration,
          runtime,
          dynamic_params,
          may_turn_dynamic: false,
          dynamic_error: false,
        };
      }
      _ => None,
    };
    let prerender = match dynamic {
      "force-dynamic" => None,
      "force-static" | "error" => Some(revalidate.unwrap_or(Revalidate::Never)),
      _ => revalidate,
    };
    let may_turn_dynamic = !matches!(dynamic, "force-static" | "error")
      && matches!(prerender, Some(Revalidate::After(_)));
    SegmentConfig {
      prerender,
      max_duration,
      runtime,
      dynamic_params,
      may_turn_dynamic,
      dynamic_error: dynamic == "error",
    }
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn config(pairs: &[(&str, Literal)]) -> Option<Revalidate> {
    let literals: Vec<(String, Literal)> = pairs
      .iter()
      .map(|(n, v)| ((*n).to_owned(), v.clone()))
      .collect();
    SegmentConfig::from_literals(&literals).prerender
  }

  #[test]
  fn follows_next_build_for_route_handlers() {
    let s = |v: &str| Literal::String(v.to_owned());
    assert_eq!(config(&[]), None);
    assert_eq!(config(&[("dynamic", s("auto"))]), None);
    assert_eq!(config(&[("dynamic", s("force-dynamic"))]), None);
    assert_eq!(
      config(&[("dynamic", s("force-static"))]),
      Some(Revalidate::Never)
    );
    assert_eq!(
      config(&[("revalidate", Literal::Bool(false))]),
      Some(Revalidate::Never)
    );
    assert_eq!(
      config(&[("revalidate", Literal::Number(60.0))]),
      Some(Revalidate::After(60))
    );
    assert_eq!(config(&[("revalidate", Literal::Number(0.0))]), None);
    assert_eq!(
      config(&[
        ("dynamic", s("force-dynamic")),
        ("revalidate", Literal::Bool(false))
      ]),
      None
    );
    // The reference page's segment-config example is prerendered.
    assert_eq!(
      config(&[
        ("dynamic", s("auto")),
        ("dynamicParams", Literal::Bool(true)),
        ("revalidate", Literal::Bool(false)),
        ("fetchCache", s("auto")),
        ("runtime", s("nodejs")),
        ("preferredRegion", s("auto")),
      ]),
      Some(Revalidate::Never)
    );
  }
}
