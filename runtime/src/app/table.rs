//! The route table printed at startup: pattern, methods, runtime, file.

use super::Version;

/// A printable table: pattern, methods, runtime, file (relative to `app/`).
pub(super) fn route_table(version: &Version) -> String {
  let app_dir = version.app_dir();
  let rows: Vec<(String, String, &str, String)> = version
    .routes()
    .iter()
    .map(|route| {
      let methods = match &route.declared {
        Some(found) if found.methods.is_empty() => "(none)".to_owned(),
        Some(found) => found.methods.join(" "),
        None => "(export *)".to_owned(),
      };
      let file = route
        .file
        .strip_prefix(app_dir)
        .unwrap_or(&route.file)
        .display()
        .to_string();
      let runtime = route.segment.runtime.as_str();
      (
        route.pattern.clone(),
        methods,
        runtime,
        format!("app/{file}"),
      )
    })
    .collect();
  let width = |f: fn(&(String, String, &str, String)) -> usize,
               title: usize| {
    rows.iter().map(f).max().unwrap_or(0).max(title)
  };
  let w0 = width(|r| r.0.chars().count(), 5);
  let w1 = width(|r| r.1.chars().count(), 7);
  let w2 = width(|r| r.2.len(), 7);
  let mut out = format!(
    "{:<w0$}  {:<w1$}  {:<w2$}  FILE\n",
    "ROUTE", "METHODS", "RUNTIME"
  );
  for (pattern, methods, runtime, file) in rows {
    out.push_str(&format!(
      "{pattern:<w0$}  {methods:<w1$}  {runtime:<w2$}  {file}\n"
    ));
  }
  out
}
