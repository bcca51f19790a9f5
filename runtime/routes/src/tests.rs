//! Tests of scanning, conflicts and matching against real folder trees.

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use super::*;

/// A temporary `app/` folder, removed on drop.
struct TempApp {
  root: PathBuf,
  app: PathBuf,
}

impl TempApp {
  fn new() -> TempApp {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
      .duration_since(UNIX_EPOCH)
      .map(|d| d.as_nanos())
      .unwrap_or_default();
    let root = std::env::temp_dir().join(format!(
      "edgeroute-routes-{}-{}-{}",
      std::process::id(),
      COUNTER.fetch_add(1, Ordering::Relaxed),
      nanos
    ));
    let app = root.join("app");
    fs::create_dir_all(&app).expect("create temp app dir");
    TempApp { root, app }
  }

  /// Creates `app/<rel>` (and its folders).
  fn add(&self, rel: &str) -> &TempApp {
    let path = self.app.join(rel);
    if let Some(parent) = path.parent() {
      fs::create_dir_all(parent).expect("create folders");
    }
    fs::write(&path, "export {}\n").expect("write file");
    self
  }

  fn path(&self, rel: &str) -> PathBuf {
    self.app.join(rel)
  }

  fn table(&self) -> RouteTable {
    RouteTable::from_app_dir(&self.app).expect("app should build")
  }

  fn error(&self) -> RouteError {
    match RouteTable::from_app_dir(&self.app) {
      Ok(table) => panic!("expected an error, got {:?}", table.routes()),
      Err(err) => err,
    }
  }
}

impl Drop for TempApp {
  fn drop(&mut self) {
    let _ = fs::remove_dir_all(&self.root);
  }
}

fn one(s: &str) -> ParamValue {
  ParamValue::One(s.to_owned())
}

fn many(values: &[&str]) -> ParamValue {
  ParamValue::Many(values.iter().map(|v| (*v).to_owned()).collect())
}

/// The pattern of the route matching `path`, if any.
fn pattern(table: &RouteTable, path: &str) -> Option<String> {
  table
    .match_path(path)
    .expect("no malformed escape")
    .map(|m| m.route.pattern.clone())
}

fn params(table: &RouteTable, path: &str) -> Vec<(String, ParamValue)> {
  table
    .match_path(path)
    .expect("no malformed escape")
    .map(|m| m.params)
    .unwrap_or_else(|| panic!("{path} should match"))
}

/// Asserts that `err` is a conflict naming both files (by absolute path).
fn assert_conflict(
  err: &RouteError,
  kind: ConflictKind,
  a: &Path,
  b: &Path,
  words: &str,
) {
  let message = err.to_string();
  assert!(
    matches!(err, RouteError::Conflict { kind: k, .. } if *k == kind),
    "expected {kind:?}, got {err:?}"
  );
  for file in [a, b] {
    assert!(
      message.contains(&file.display().to_string()),
      "message should name {}: {message}",
      file.display()
    );
  }
  assert!(
    message.contains(words),
    "message should say {words:?}: {message}"
  );
}

fn rf(file: &str, segments: Vec<Segment>) -> RouteFile {
  RouteFile::new(PathBuf::from(file), segments)
}

fn st(s: &str) -> Segment {
  Segment::Static(s.to_owned())
}

fn dy(s: &str) -> Segment {
  Segment::Dynamic(s.to_owned())
}

fn ca(s: &str) -> Segment {
  Segment::CatchAll(s.to_owned())
}

fn oca(s: &str) -> Segment {
  Segment::OptionalCatchAll(s.to_owned())
}

// ---------------------------------------------------------------- scanning

#[test]
fn scans_every_segment_kind_and_extension() {
  let app = TempApp::new();
  app
    .add("route.ts")
    .add("blog/route.js")
    .add("blog/[slug]/route.mjs")
    .add("docs/[...path]/route.tsx")
    .add("shop/[[...filters]]/route.jsx")
    .add("blog/[slug]/comments/route.ts");
  let routes = scan_app(&app.app).expect("scan");
  let got: Vec<(&str, &Path)> = routes
    .iter()
    .map(|r| (r.pattern.as_str(), r.file.as_path()))
    .collect();
  assert_eq!(
    got,
    vec![
      ("/", app.path("route.ts").as_path()),
      ("/blog", app.path("blog/route.js").as_path()),
      ("/blog/[slug]", app.path("blog/[slug]/route.mjs").as_path()),
      (
        "/blog/[slug]/comments",
        app.path("blog/[slug]/comments/route.ts").as_path()
      ),
      (
        "/docs/[...path]",
        app.path("docs/[...path]/route.tsx").as_path()
      ),
      (
        "/shop/[[...filters]]",
        app.path("shop/[[...filters]]/route.jsx").as_path()
      ),
    ]
  );
  assert!(routes.iter().all(|r| r.file.is_absolute()));
  let docs = routes
    .iter()
    .find(|r| r.pattern == "/docs/[...path]")
    .expect("docs route");
  assert_eq!(docs.segments, vec![st("docs"), ca("path")]);
  let shop = routes
    .iter()
    .find(|r| r.pattern.starts_with("/shop"))
    .expect("shop route");
  assert_eq!(shop.segments, vec![st("shop"), oca("filters")]);
}

#[test]
fn ignores_non_route_files() {
  let app = TempApp::new();
  app
    .add("api/route.ts")
    .add("api/route.d.ts")
    .add("api/route.css")
    .add("api/Route.ts")
    .add("api/routes.ts")
    .add("api/layout.tsx")
    .add("about/page.tsx")
    .add("other/helpers.ts");
  let routes = scan_app(&app.app).expect("scan");
  assert_eq!(routes.len(), 1);
  assert_eq!(routes[0].pattern, "/api");
  let scanned = scan_app_with_pages(&app.app).expect("scan");
  assert_eq!(scanned.pages.len(), 1);
  assert_eq!(scanned.pages[0].pattern, "/about");
}

#[test]
fn groups_are_invisible() {
  let app = TempApp::new();
  app
    .add("(marketing)/about/route.ts")
    .add("(shop)/(inner)/cart/route.ts")
    .add("(root)/route.ts");
  let table = app.table();
  let patterns: Vec<&str> =
    table.routes().iter().map(|r| r.pattern.as_str()).collect();
  assert_eq!(patterns, vec!["/", "/about", "/cart"]);
  assert_eq!(pattern(&table, "/about").as_deref(), Some("/about"));
  assert_eq!(pattern(&table, "/cart").as_deref(), Some("/cart"));
  assert_eq!(pattern(&table, "/").as_deref(), Some("/"));
  assert_eq!(pattern(&table, "/(marketing)/about"), None);
}

#[test]
fn skips_private_slot_intercepting_and_node_modules_but_serves_dot_folders() {
  let app = TempApp::new();
  app
    .add("_lib/route.ts")
    .add("_lib/deep/route.ts")
    .add("api/_internal/route.ts")
    .add("@modal/photo/route.ts")
    .add("(.)photo/route.ts")
    .add("feed/(..)photo/route.ts")
    .add("(...)login/route.ts")
    .add(".hidden/route.ts")
    .add("node_modules/pkg/route.ts")
    .add("ok/route.ts");
  let routes = scan_app(&app.app).expect("scan");
  let patterns: Vec<&str> = routes.iter().map(|r| r.pattern.as_str()).collect();
  assert_eq!(patterns, vec!["/.hidden", "/ok"]);
}

#[test]
fn encoded_underscore_folder_is_an_underscore_segment() {
  let app = TempApp::new();
  app.add("%5Fnext-data/route.ts");
  let table = app.table();
  assert_eq!(table.routes()[0].pattern, "/_next-data");
  assert_eq!(table.routes()[0].segments, vec![st("_next-data")]);
  assert_eq!(
    pattern(&table, "/_next-data").as_deref(),
    Some("/_next-data")
  );
  // Static segments are compared as sent: Next.js answers 404 here.
  assert_eq!(pattern(&table, "/%5Fnext-data"), None);
  assert_eq!(pattern(&table, "/%5Fnext-data/x"), None);
  assert_eq!(pattern(&table, "/next-data"), None);
}

#[test]
fn dotted_folders_are_static_segments() {
  let app = TempApp::new();
  app
    .add("rss.xml/route.ts")
    .add("feed.json/route.ts")
    .add("[slug]/route.ts");
  let table = app.table();
  assert_eq!(pattern(&table, "/rss.xml").as_deref(), Some("/rss.xml"));
  assert_eq!(pattern(&table, "/feed.json").as_deref(), Some("/feed.json"));
  assert_eq!(pattern(&table, "/rss").as_deref(), Some("/[slug]"));
  assert_eq!(
    params(&table, "/rss"),
    vec![("slug".to_owned(), one("rss"))]
  );
}

#[test]
fn invalid_folder_names_are_rejected_naming_the_file() {
  for folder in [
    "[]", "[...]", "[[x]]", "[[...]]", "[.x]", "a[b]", "[x].json",
  ] {
    let app = TempApp::new();
    app.add(&format!("api/{folder}/route.ts"));
    let err = app.error();
    let file = app.path(&format!("api/{folder}/route.ts"));
    assert!(
      matches!(&err, RouteError::InvalidSegment { file: f, segment, .. } if *f == file && segment == folder),
      "{folder}: {err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(message.contains(folder), "{message}");
  }
}

#[test]
fn invalid_folder_names_without_routes_below_are_ignored() {
  let app = TempApp::new();
  app.add("[]/components/button.tsx").add("ok/route.ts");
  let routes = scan_app(&app.app).expect("scan");
  assert_eq!(routes.len(), 1);
}

#[test]
fn missing_app_dir_is_an_error() {
  let app = TempApp::new();
  let missing = app.path("nope");
  assert!(matches!(scan_app(&missing), Err(RouteError::Io { .. })));
  app.add("file.txt");
  assert!(matches!(
    scan_app(&app.path("file.txt")),
    Err(RouteError::NotADirectory { .. })
  ));
}

#[test]
fn empty_app_has_no_routes() {
  let app = TempApp::new();
  let table = app.table();
  assert!(table.routes().is_empty());
  assert_eq!(table.match_path("/"), Ok(None));
  assert_eq!(table.match_path("/x"), Ok(None));
}

#[cfg(unix)]
#[test]
fn follows_symlinks_without_looping() {
  let app = TempApp::new();
  app.add("real/route.ts");
  std::os::unix::fs::symlink(app.path("real"), app.path("alias"))
    .expect("symlink");
  std::os::unix::fs::symlink(&app.app, app.path("real/loop")).expect("symlink");
  let routes = scan_app(&app.app).expect("scan");
  let patterns: Vec<&str> = routes.iter().map(|r| r.pattern.as_str()).collect();
  assert_eq!(patterns, vec!["/alias", "/real"]);
}

// ---------------------------------------------------------------- matching

#[test]
fn root_route() {
  let app = TempApp::new();
  app.add("route.ts");
  let table = app.table();
  assert_eq!(
    table.match_path("/"),
    Ok(Some(RouteMatch {
      route: &table.routes()[0],
      params: vec![]
    }))
  );
  assert_eq!(table.match_path("/anything"), Ok(None));
  assert_eq!(table.match_path(""), Ok(None));
  assert_eq!(table.match_path("anything"), Ok(None));
}

#[test]
fn priority_static_dynamic_catch_all_optional() {
  let app = TempApp::new();
  app
    .add("a/static/route.ts")
    .add("a/[id]/route.ts")
    .add("a/[...rest]/route.ts")
    .add("[[...all]]/route.ts");
  let table = app.table();
  assert_eq!(pattern(&table, "/a/static").as_deref(), Some("/a/static"));
  assert_eq!(pattern(&table, "/a/other").as_deref(), Some("/a/[id]"));
  assert_eq!(pattern(&table, "/a/x/y").as_deref(), Some("/a/[...rest]"));
  assert_eq!(
    pattern(&table, "/a/static/y").as_deref(),
    Some("/a/[...rest]")
  );
  assert_eq!(pattern(&table, "/a").as_deref(), Some("/[[...all]]"));
  assert_eq!(pattern(&table, "/b/c").as_deref(), Some("/[[...all]]"));
  assert_eq!(pattern(&table, "/").as_deref(), Some("/[[...all]]"));
  assert_eq!(params(&table, "/a/static"), vec![]);
  assert_eq!(
    params(&table, "/a/x/y"),
    vec![("rest".to_owned(), many(&["x", "y"]))]
  );
  assert_eq!(params(&table, "/a"), vec![("all".to_owned(), many(&["a"]))]);
}

#[test]
fn backtracks_out_of_dead_ends() {
  let app = TempApp::new();
  app
    .add("blog/[slug]/edit/route.ts")
    .add("blog/[...rest]/route.ts")
    .add("blog/new/preview/route.ts")
    .add("shop/cart/route.ts")
    .add("[section]/x/route.ts");
  let table = app.table();
  assert_eq!(
    pattern(&table, "/blog/a/edit").as_deref(),
    Some("/blog/[slug]/edit")
  );
  assert_eq!(
    params(&table, "/blog/a/edit"),
    vec![("slug".to_owned(), one("a"))]
  );
  assert_eq!(
    pattern(&table, "/blog/a/b").as_deref(),
    Some("/blog/[...rest]")
  );
  assert_eq!(
    params(&table, "/blog/a/b"),
    vec![("rest".to_owned(), many(&["a", "b"]))]
  );
  assert_eq!(
    pattern(&table, "/blog/a").as_deref(),
    Some("/blog/[...rest]")
  );
  // static `new` leads to a dead end, `[slug]` takes over.
  assert_eq!(
    pattern(&table, "/blog/new/edit").as_deref(),
    Some("/blog/[slug]/edit")
  );
  assert_eq!(
    pattern(&table, "/blog/new/preview").as_deref(),
    Some("/blog/new/preview")
  );
  assert_eq!(
    pattern(&table, "/blog/new").as_deref(),
    Some("/blog/[...rest]")
  );
  // static `shop` at the root is a dead end for `/shop/x`, `[section]` wins.
  assert_eq!(pattern(&table, "/shop/cart").as_deref(), Some("/shop/cart"));
  assert_eq!(pattern(&table, "/shop/x").as_deref(), Some("/[section]/x"));
  assert_eq!(
    params(&table, "/shop/x"),
    vec![("section".to_owned(), one("shop"))]
  );
  // `blog` has a catch-all, so `/blog/x` stays below `blog`.
  assert_eq!(
    pattern(&table, "/blog/x").as_deref(),
    Some("/blog/[...rest]")
  );
  assert_eq!(pattern(&table, "/other/y"), None);
}

#[test]
fn deeper_backtracking_keeps_params_of_the_winner_only() {
  let app = TempApp::new();
  app
    .add("[a]/[b]/c/route.ts")
    .add("[a]/x/[...rest]/route.ts");
  let table = app.table();
  assert_eq!(
    params(&table, "/1/x/c"),
    vec![
      ("a".to_owned(), one("1")),
      ("rest".to_owned(), many(&["c"]))
    ]
  );
  assert_eq!(
    params(&table, "/1/2/c"),
    vec![("a".to_owned(), one("1")), ("b".to_owned(), one("2"))]
  );
  assert_eq!(
    params(&table, "/1/x/d/e"),
    vec![
      ("a".to_owned(), one("1")),
      ("rest".to_owned(), many(&["d", "e"]))
    ]
  );
}

#[test]
fn optional_catch_all_empty_and_non_empty() {
  let app = TempApp::new();
  app
    .add("docs/[[...slug]]/route.ts")
    .add("[[...all]]/route.ts");
  let table = app.table();
  let m = table.match_path("/docs").expect("ok").expect("match");
  assert_eq!(m.route.pattern, "/docs/[[...slug]]");
  assert!(m.params.is_empty(), "key omitted: {:?}", m.params);
  assert_eq!(m.param("slug"), None);
  assert_eq!(
    params(&table, "/docs/a/b/c"),
    vec![("slug".to_owned(), many(&["a", "b", "c"]))]
  );
  let root = table.match_path("/").expect("ok").expect("match");
  assert_eq!(root.route.pattern, "/[[...all]]");
  assert!(root.params.is_empty());
  assert_eq!(
    params(&table, "/anything"),
    vec![("all".to_owned(), many(&["anything"]))]
  );
}

#[test]
fn params_are_in_path_order() {
  let app = TempApp::new();
  app.add("[org]/repos/[repo]/blob/[...path]/route.ts");
  let table = app.table();
  let m = table
    .match_path("/vercel/repos/next.js/blob/main/README.md")
    .expect("ok")
    .expect("match");
  assert_eq!(
    m.params,
    vec![
      ("org".to_owned(), one("vercel")),
      ("repo".to_owned(), one("next.js")),
      ("path".to_owned(), many(&["main", "README.md"])),
    ]
  );
  assert_eq!(m.param("repo"), Some(&one("next.js")));
}

#[test]
fn params_are_decoded_once_like_decode_uri_component() {
  let app = TempApp::new();
  app.add("p/[id]/route.ts").add("c/[...rest]/route.ts");
  let table = app.table();
  assert_eq!(
    params(&table, "/p/a%2Fb"),
    vec![("id".to_owned(), one("a/b"))]
  );
  assert_eq!(
    params(&table, "/p/100%25"),
    vec![("id".to_owned(), one("100%"))]
  );
  assert_eq!(
    params(&table, "/p/%252F"),
    vec![("id".to_owned(), one("%2F"))]
  );
  assert_eq!(
    params(&table, "/p/a+b"),
    vec![("id".to_owned(), one("a+b"))]
  );
  assert_eq!(
    params(&table, "/p/a%20b"),
    vec![("id".to_owned(), one("a b"))]
  );
  assert_eq!(
    params(&table, "/p/%F0%9F%A6%80"),
    vec![("id".to_owned(), one("🦀"))]
  );
  assert_eq!(
    params(&table, "/c/a%2Fb/c"),
    vec![("rest".to_owned(), many(&["a/b", "c"]))]
  );
}

#[test]
fn malformed_escapes_are_a_match_error() {
  let app = TempApp::new();
  app
    .add("p/[id]/route.ts")
    .add("c/[...rest]/route.ts")
    .add("s/fixed/route.ts");
  let table = app.table();
  for path in [
    "/p/%",
    "/p/%zz",
    "/p/a%2",
    "/p/%C3",
    "/p/%E2%82",
    "/p/%FF",
    "/c/ok/%C3%28",
  ] {
    assert_eq!(
      table.match_path(path),
      Err(MatchError::MalformedEscape),
      "{path}"
    );
  }
  // A static comparison with a segment that does not decode is simply unequal.
  assert_eq!(table.match_path("/s/%zz"), Ok(None));
  assert_eq!(table.match_path("/%zz/fixed"), Ok(None));
  assert_eq!(
    MatchError::MalformedEscape.to_string(),
    "malformed percent-escape in request path"
  );
}

#[test]
fn unicode_static_segments_match_decoded() {
  let app = TempApp::new();
  app.add("café/route.ts").add("[x]/route.ts");
  let table = app.table();
  assert_eq!(pattern(&table, "/caf%C3%A9").as_deref(), Some("/café"));
  assert_eq!(pattern(&table, "/caf%c3%a9").as_deref(), Some("/café"));
  assert_eq!(pattern(&table, "/café").as_deref(), Some("/café"));
  // An escaped letter that needs no escaping is not the folder name.
  assert_eq!(pattern(&table, "/caf%65").as_deref(), Some("/[x]"));
  assert_eq!(pattern(&table, "/cafe%CC%81").as_deref(), Some("/[x]"));
  assert_eq!(
    params(&table, "/%E6%97%A5%E6%9C%AC"),
    vec![("x".to_owned(), one("日本"))]
  );
}

#[test]
fn empty_segments_and_trailing_slashes_do_not_match() {
  let app = TempApp::new();
  app
    .add("a/[x]/b/route.ts")
    .add("a/route.ts")
    .add("c/[...rest]/route.ts")
    .add("o/[[...rest]]/route.ts");
  let table = app.table();
  assert_eq!(pattern(&table, "/a/1/b").as_deref(), Some("/a/[x]/b"));
  assert_eq!(table.match_path("/a//b"), Ok(None));
  assert_eq!(table.match_path("/a/"), Ok(None));
  assert_eq!(table.match_path("//a"), Ok(None));
  assert_eq!(table.match_path("/c/x//y"), Ok(None));
  assert_eq!(table.match_path("/o//"), Ok(None));
  assert_eq!(pattern(&table, "/o").as_deref(), Some("/o/[[...rest]]"));
}

#[test]
fn static_matching_is_case_sensitive_and_exact() {
  let app = TempApp::new();
  app.add("About/route.ts");
  let table = app.table();
  assert_eq!(pattern(&table, "/About").as_deref(), Some("/About"));
  assert_eq!(pattern(&table, "/about"), None);
  assert_eq!(pattern(&table, "/Abou"), None);
}

#[test]
fn pages_shadow_less_specific_routes() {
  let app = TempApp::new();
  app
    .add("blog/[slug]/page.tsx")
    .add("blog/[...rest]/route.ts")
    .add("about/page.mdx");
  let table = app.table();
  assert_eq!(table.pages().len(), 2);
  assert_eq!(table.routes().len(), 1);
  // Next.js renders the page for `/blog/a`: no route handler runs.
  assert_eq!(table.match_path("/blog/a"), Ok(None));
  assert_eq!(
    pattern(&table, "/blog/a/b").as_deref(),
    Some("/blog/[...rest]")
  );
  assert_eq!(table.match_path("/about"), Ok(None));
  // Without pages, the catch-all takes `/blog/a`.
  let routes_only =
    RouteTable::build(scan_app(&app.app).expect("scan")).expect("build");
  assert_eq!(
    pattern(&routes_only, "/blog/a").as_deref(),
    Some("/blog/[...rest]")
  );
}

#[test]
fn routes_are_sorted_by_pattern_and_indices_match() {
  let files = vec![
    rf("/app/z/route.ts", vec![st("z")]),
    rf("/app/route.ts", vec![]),
    rf("/app/[id]/route.ts", vec![dy("id")]),
    rf("/app/a/route.ts", vec![st("a")]),
  ];
  let table = RouteTable::build(files).expect("build");
  let patterns: Vec<&str> =
    table.routes().iter().map(|r| r.pattern.as_str()).collect();
  assert_eq!(patterns, vec!["/", "/[id]", "/a", "/z"]);
  for (path, expected) in
    [("/", "/"), ("/a", "/a"), ("/z", "/z"), ("/q", "/[id]")]
  {
    let m = table.match_path(path).expect("ok").expect("match");
    assert_eq!(m.route.pattern, expected);
  }
}

#[test]
fn build_validates_hand_made_segments() {
  let err = RouteTable::build(vec![rf("/app/x/route.ts", vec![dy("")])])
    .expect_err("empty name rejected");
  assert!(matches!(err, RouteError::InvalidSegment { .. }), "{err:?}");
  assert!(err.to_string().contains("/app/x/route.ts"));
  let err = RouteTable::build(vec![rf("/app/x/route.ts", vec![st("a/b")])])
    .expect_err("slash rejected");
  assert!(matches!(err, RouteError::InvalidSegment { .. }), "{err:?}");
}

// ---------------------------------------------------------------- conflicts

#[test]
fn conflict_different_slug_names() {
  let app = TempApp::new();
  app
    .add("users/[id]/route.ts")
    .add("users/[slug]/settings/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::DifferentSlugNames,
    &app.path("users/[id]/route.ts"),
    &app.path("users/[slug]/settings/route.ts"),
    "You cannot use different slug names for the same dynamic path ('id' !== 'slug')",
  );
}

#[test]
fn conflict_different_catch_all_names() {
  let app = TempApp::new();
  app
    .add("(a)/docs/[...a]/route.ts")
    .add("(b)/docs/[...b]/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::DifferentSlugNames,
    &app.path("(a)/docs/[...a]/route.ts"),
    &app.path("(b)/docs/[...b]/route.ts"),
    "('a' !== 'b')",
  );
}

#[test]
fn same_slug_name_in_different_parents_is_fine() {
  let app = TempApp::new();
  app
    .add("users/[id]/route.ts")
    .add("posts/[slug]/route.ts")
    .add("users/[id]/posts/[postId]/route.ts");
  let table = app.table();
  assert_eq!(
    params(&table, "/users/1/posts/2"),
    vec![("id".to_owned(), one("1")), ("postId".to_owned(), one("2"))]
  );
}

#[test]
fn conflict_slug_with_page() {
  let app = TempApp::new();
  app.add("[lang]/page.tsx").add("[locale]/api/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::DifferentSlugNames,
    &app.path("[lang]/page.tsx"),
    &app.path("[locale]/api/route.ts"),
    "('lang' !== 'locale')",
  );
}

#[test]
fn catch_all_must_be_last() {
  for folder in ["[...a]", "[[...a]]"] {
    let app = TempApp::new();
    app.add(&format!("x/{folder}/b/route.ts"));
    let err = app.error();
    let file = app.path(&format!("x/{folder}/b/route.ts"));
    assert!(
      matches!(&err, RouteError::InvalidRoute { file: f, .. } if *f == file),
      "{err:?}"
    );
    let message = err.to_string();
    assert!(
      message.contains("Catch-all must be the last part of the URL"),
      "{message}"
    );
    assert!(message.contains(&file.display().to_string()), "{message}");
  }
}

#[test]
fn conflict_required_and_optional_catch_all() {
  let app = TempApp::new();
  app.add("a/[...x]/route.ts").add("a/[[...x]]/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::RequiredAndOptionalCatchAll,
    &app.path("a/[...x]/route.ts"),
    &app.path("a/[[...x]]/route.ts"),
    "You cannot use both an required and optional catch-all route at the same level",
  );

  // Optional first (in file order), required second.
  let files = vec![
    rf("/app/a/1/route.ts", vec![st("a"), oca("x")]),
    rf("/app/a/2/route.ts", vec![st("a"), ca("x")]),
  ];
  let err = RouteTable::build(files).expect_err("conflict");
  assert_conflict(
    &err,
    ConflictKind::RequiredAndOptionalCatchAll,
    Path::new("/app/a/1/route.ts"),
    Path::new("/app/a/2/route.ts"),
    "You cannot use both an optional and required catch-all route at the same level",
  );
}

#[test]
fn conflict_optional_catch_all_specificity() {
  let app = TempApp::new();
  app.add("a/route.ts").add("a/[[...x]]/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::OptionalCatchAllSpecificity,
    &app.path("a/route.ts"),
    &app.path("a/[[...x]]/route.ts"),
    "You cannot define a route with the same specificity as an optional catch-all route (\"/a\" and \"/a/[[...x]]\")",
  );

  let app = TempApp::new();
  app.add("route.ts").add("[[...all]]/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::OptionalCatchAllSpecificity,
    &app.path("route.ts"),
    &app.path("[[...all]]/route.ts"),
    "(\"/\" and \"/[[...all]]\")",
  );
}

#[test]
fn conflict_route_and_page_same_folder() {
  let app = TempApp::new();
  app.add("dashboard/page.tsx").add("dashboard/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::RouteAndPage,
    &app.path("dashboard/route.ts"),
    &app.path("dashboard/page.tsx"),
    "Conflicting route and page at /dashboard",
  );
}

#[test]
fn conflict_route_and_page_through_groups() {
  let app = TempApp::new();
  app.add("(site)/about/page.md").add("(api)/about/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::RouteAndPage,
    &app.path("(api)/about/route.ts"),
    &app.path("(site)/about/page.md"),
    "Conflicting route and page at /about",
  );
}

#[test]
fn conflict_same_url_through_groups() {
  let app = TempApp::new();
  app.add("(a)/x/route.ts").add("(b)/x/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::SamePath,
    &app.path("(a)/x/route.ts"),
    &app.path("(b)/x/route.ts"),
    "You cannot have two parallel pages that resolve to the same path",
  );

  let app = TempApp::new();
  app.add("(a)/[id]/route.ts").add("[id]/route.js");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::SamePath,
    &app.path("(a)/[id]/route.ts"),
    &app.path("[id]/route.js"),
    "resolve to the same path",
  );

  let app = TempApp::new();
  app.add("(a)/route.ts").add("route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::SamePath,
    &app.path("(a)/route.ts"),
    &app.path("route.ts"),
    "resolve to the same path",
  );
}

#[test]
fn conflict_two_route_files_in_one_folder() {
  let app = TempApp::new();
  app.add("api/route.js").add("api/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::DuplicateFile,
    &app.path("api/route.js"),
    &app.path("api/route.ts"),
    "Duplicate page detected",
  );
}

#[test]
fn encoded_underscore_variants_are_the_same_url() {
  let app = TempApp::new();
  app.add("%5Fx/route.ts").add("%5fx/route.ts");
  let err = app.error();
  assert_conflict(
    &err,
    ConflictKind::SamePath,
    &app.path("%5Fx/route.ts"),
    &app.path("%5fx/route.ts"),
    "resolve to the same path",
  );
}

#[test]
fn slug_names_repeated_in_one_path() {
  let app = TempApp::new();
  app.add("[id]/x/[id]/route.ts");
  let err = app.error();
  assert!(matches!(err, RouteError::InvalidRoute { .. }), "{err:?}");
  let message = err.to_string();
  assert!(
    message.contains("You cannot have the same slug name \"id\" repeat"),
    "{message}"
  );
  assert!(
    message.contains(&app.path("[id]/x/[id]/route.ts").display().to_string())
  );

  let app = TempApp::new();
  // JavaScript's /\W/ keeps `_`, so `post-id` and `postid` collide.
  app.add("[post-id]/[postid]/route.ts");
  let err = app.error();
  let message = err.to_string();
  assert!(
    message.contains("differ only by non-word symbols"),
    "{message}"
  );
}

#[test]
fn every_error_kind_displays_something_useful() {
  let err = RouteError::NotADirectory {
    path: PathBuf::from("/x/app"),
  };
  assert_eq!(err.to_string(), "app directory /x/app is not a directory");
}

// ---------------------------------------------------------------- scale

#[test]
fn thousand_routes_build_fast_and_match() {
  let app = TempApp::new();
  let mut expected = Vec::new();
  for i in 0..250 {
    let s = format!("s{i}");
    app.add(&format!("{s}/route.ts"));
    app.add(&format!("{s}/[id]/route.ts"));
    app.add(&format!("(g)/{s}/[id]/edit/route.ts"));
    app.add(&format!("{s}/files/[...path]/route.ts"));
    expected.push((format!("/{s}"), format!("/{s}"), vec![]));
    expected.push((
      format!("/{s}/{i}"),
      format!("/{s}/[id]"),
      vec![("id".to_owned(), one(&i.to_string()))],
    ));
    expected.push((
      format!("/{s}/x{i}/edit"),
      format!("/{s}/[id]/edit"),
      vec![("id".to_owned(), one(&format!("x{i}")))],
    ));
    expected.push((
      format!("/{s}/files/a/b{i}"),
      format!("/{s}/files/[...path]"),
      vec![("path".to_owned(), many(&["a", &format!("b{i}")]))],
    ));
  }
  let routes = scan_app(&app.app).expect("scan");
  assert_eq!(routes.len(), 1000);

  let start = Instant::now();
  let table = RouteTable::build(routes).expect("build");
  let elapsed = start.elapsed();
  assert!(
    elapsed < Duration::from_millis(50),
    "build took {elapsed:?}"
  );

  for (path, pattern, params) in &expected {
    let m = table.match_path(path).expect("ok").expect("match");
    assert_eq!(&m.route.pattern, pattern, "{path}");
    assert_eq!(&m.params, params, "{path}");
  }
  // `/sN/files` is `[id]` = "files"; no route for unknown prefixes.
  assert_eq!(
    params(&table, "/s7/files"),
    vec![("id".to_owned(), one("files"))]
  );
  assert_eq!(table.match_path("/nope/1"), Ok(None));

  let start = Instant::now();
  for (path, _, _) in &expected {
    assert!(table.match_path(path).expect("ok").is_some());
  }
  let per_match = start.elapsed() / expected.len() as u32;
  assert!(
    per_match < Duration::from_millis(1),
    "matching took {per_match:?} per path"
  );
}

#[test]
fn thousand_in_memory_routes_build_fast() {
  let files: Vec<RouteFile> = (0..1000)
    .map(|i| {
      rf(
        &format!("/app/r{i}/[id]/route.ts"),
        vec![st(&format!("r{i}")), dy("id")],
      )
    })
    .collect();
  let start = Instant::now();
  let table = RouteTable::build(files).expect("build");
  let elapsed = start.elapsed();
  assert!(
    elapsed < Duration::from_millis(50),
    "build took {elapsed:?}"
  );
  assert_eq!(table.routes().len(), 1000);
  for i in [0, 1, 499, 999] {
    let m = table
      .match_path(&format!("/r{i}/v"))
      .expect("ok")
      .expect("match");
    assert_eq!(m.route.pattern, format!("/r{i}/[id]"));
    assert_eq!(m.params, vec![("id".to_owned(), one("v"))]);
  }
}
