//! The route trie and URL matching with Next.js priority. The trie is
//! built (and checked for conflicts) by [`conflicts`](super::conflicts).

use std::borrow::Cow;
use std::path::Path;

use super::conflicts::build_trie;
use super::decode::decode_component;
use super::error::RouteError;
use super::scan::{RouteFile, scan_app_with_pages};

/// The value of one route parameter.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum ParamValue {
  /// The value of a `[name]` segment, percent-decoded once.
  One(String),
  /// The values of a `[...name]` or `[[...name]]` segment, one per URL
  /// segment, each percent-decoded once (so `%2F` stays inside its
  /// element as `/`). Never empty.
  Many(Vec<String>),
}

/// A successful match of a request path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RouteMatch<'a, R = RouteFile> {
  /// The matched route.
  pub route: &'a R,
  /// The route parameters in the order of their position in the path.
  ///
  /// An optional catch-all that matched no segment is left out, as
  /// Next.js leaves the key out of `params`.
  pub params: Vec<(String, ParamValue)>,
}

impl<R> RouteMatch<'_, R> {
  /// The value of the parameter `name`, if present.
  pub fn param(&self, name: &str) -> Option<&ParamValue> {
    self
      .params
      .iter()
      .find(|(key, _)| key == name)
      .map(|(_, value)| value)
  }
}

/// Why a request path cannot be matched at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, thiserror::Error)]
pub enum MatchError {
  /// A parameter of the winning route has an invalid percent-escape, or
  /// escapes that do not decode to UTF-8 (`decodeURIComponent` would
  /// throw). Next.js answers such requests with HTTP 400.
  #[error("malformed percent-escape in request path")]
  MalformedEscape,
}

/// Index of the root node.
pub(crate) const ROOT: usize = 0;

/// A dynamic child of a node.
#[derive(Debug)]
pub(crate) struct Child {
  /// The parameter name.
  pub(crate) name: Box<str>,
  /// The child node.
  pub(crate) node: usize,
  /// The entry whose path created this child (named in conflict errors).
  pub(crate) origin: usize,
}

/// One node of the trie: one URL position.
#[derive(Debug, Default)]
pub(crate) struct Node {
  /// Static children, sorted by URL segment for binary search.
  pub(crate) statics: Vec<(Box<str>, usize)>,
  /// `[name]` child.
  pub(crate) dynamic: Option<Child>,
  /// `[...name]` child (always a leaf).
  pub(crate) catch_all: Option<Child>,
  /// `[[...name]]` child (always a leaf).
  pub(crate) optional_catch_all: Option<Child>,
  /// The entry (route or page) whose URL ends here.
  pub(crate) entry: Option<usize>,
}

/// Which dynamic child of a node.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ChildKind {
  Dynamic,
  CatchAll,
  OptionalCatchAll,
}

impl Node {
  pub(crate) fn child(&self, kind: ChildKind) -> Option<&Child> {
    match kind {
      ChildKind::Dynamic => self.dynamic.as_ref(),
      ChildKind::CatchAll => self.catch_all.as_ref(),
      ChildKind::OptionalCatchAll => self.optional_catch_all.as_ref(),
    }
  }

  pub(crate) fn child_mut(&mut self, kind: ChildKind) -> &mut Option<Child> {
    match kind {
      ChildKind::Dynamic => &mut self.dynamic,
      ChildKind::CatchAll => &mut self.catch_all,
      ChildKind::OptionalCatchAll => &mut self.optional_catch_all,
    }
  }
}

/// The routes of an app, ready to match request paths.
///
/// Built once from the scanned files; matching walks a trie and allocates
/// only the returned parameters. Each route carries a payload `R`: the
/// [`RouteFile`] it was built from, or what [`RouteTable::try_map`] made of
/// it, so a match hands out the route itself and no second list has to
/// stay aligned with this one.
#[derive(Debug)]
pub struct RouteTable<R = RouteFile> {
  /// Routes, sorted by pattern.
  routes: Vec<R>,
  /// Page files (only used for priority), sorted by pattern.
  pages: Vec<RouteFile>,
  /// The trie; entry ids below `routes.len()` are routes, the others
  /// pages (`id - routes.len()`).
  nodes: Vec<Node>,
}

impl RouteTable {
  /// Builds the table from route files (as returned by
  /// [`scan_app`](super::scan_app)), rejecting every conflict Next.js
  /// rejects between them. Routes are sorted by pattern.
  ///
  /// Without pages, a route can win a URL that Next.js would give to a
  /// page; use [`RouteTable::build_with_pages`] or
  /// [`RouteTable::from_app_dir`] to get exactly Next.js' precedence.
  ///
  /// # Errors
  ///
  /// [`RouteError::InvalidSegment`], [`RouteError::InvalidRoute`] or
  /// [`RouteError::Conflict`] for the first rule broken (files are
  /// inserted in path order, so the error does not depend on the order of
  /// `files`).
  pub fn build(files: Vec<RouteFile>) -> Result<RouteTable, RouteError> {
    RouteTable::build_with_pages(files, Vec::new())
  }

  /// Builds the table from route files and page files.
  ///
  /// Pages are never matched, but they take part in conflict detection
  /// and in priority: a request path whose best match is a page gets
  /// `Ok(None)` from [`RouteTable::match_path`], as Next.js would render
  /// the page rather than run a less specific route handler.
  ///
  /// # Errors
  ///
  /// As [`RouteTable::build`], for routes and pages together.
  pub fn build_with_pages(
    mut routes: Vec<RouteFile>,
    mut pages: Vec<RouteFile>,
  ) -> Result<RouteTable, RouteError> {
    let by_pattern = |a: &RouteFile, b: &RouteFile| {
      a.pattern.cmp(&b.pattern).then_with(|| a.file.cmp(&b.file))
    };
    routes.sort_by(by_pattern);
    pages.sort_by(by_pattern);
    let nodes = build_trie(&routes, &pages)?;
    Ok(RouteTable {
      routes,
      pages,
      nodes,
    })
  }

  /// Scans `app_dir` (routes and pages) and builds the table with
  /// [`RouteTable::build_with_pages`]: the one place an app's conflicts
  /// are checked.
  ///
  /// # Errors
  ///
  /// As [`scan_app`](super::scan_app), then as [`RouteTable::build`].
  pub fn from_app_dir(app_dir: &Path) -> Result<RouteTable, RouteError> {
    let scanned = scan_app_with_pages(app_dir)?;
    RouteTable::build_with_pages(scanned.routes, scanned.pages)
  }
}

impl<R> RouteTable<R> {
  /// The same table with each route turned into `f(route)`, in order; the
  /// first error stops it.
  ///
  /// # Errors
  ///
  /// The first error `f` returns.
  pub fn try_map<T, E>(
    self,
    f: impl FnMut(R) -> Result<T, E>,
  ) -> Result<RouteTable<T>, E> {
    Ok(RouteTable {
      routes: self.routes.into_iter().map(f).collect::<Result<_, _>>()?,
      pages: self.pages,
      nodes: self.nodes,
    })
  }

  /// The routes, sorted by pattern.
  pub fn routes(&self) -> &[R] {
    &self.routes
  }

  /// The pages the table was built with, sorted by pattern.
  pub fn pages(&self) -> &[RouteFile] {
    &self.pages
  }

  /// Matches a request path with Next.js priority.
  ///
  /// `raw_path` is the path as received: percent-encoded, starting with
  /// `/`, without query. Trailing-slash and repeated-slash redirects are
  /// the caller's business: a path with an empty segment (`/a//b`, `/a/`)
  /// matches nothing, and neither does a path not starting with `/`.
  ///
  /// Among all routes that match, the winner is the one with the most
  /// specific segment at the first position where they differ: static,
  /// then `[x]`, then `[...x]`, then `[[...x]]`, backtracking when a more
  /// specific branch leads nowhere. Static segments are compared as sent,
  /// not decoded (Next.js answers 404 for `/%61bout`); a folder with
  /// characters a client must escape (`café`) matches its escaped form
  /// (`caf%C3%A9`). Parameters of the winner are decoded once
  /// with `decodeURIComponent` semantics.
  ///
  /// Returns `Ok(None)` when nothing matches or the winner is a page.
  ///
  /// # Errors
  ///
  /// [`MatchError::MalformedEscape`] when a parameter of the winning route
  /// (or page) does not decode; Next.js answers HTTP 400.
  pub fn match_path(
    &self,
    raw_path: &str,
  ) -> Result<Option<RouteMatch<'_, R>>, MatchError> {
    let Some(rest) = raw_path.strip_prefix('/') else {
      return Ok(None);
    };
    let rest = if rest.is_empty() {
      None
    } else {
      if rest.split('/').any(str::is_empty) {
        return Ok(None);
      }
      Some(rest)
    };
    let mut params = Vec::new();
    let Some(entry) = self.walk(ROOT, rest, &mut params)? else {
      return Ok(None);
    };
    // Entries past the routes are pages: never served.
    let Some(route) = self.routes.get(entry) else {
      return Ok(None);
    };
    params.reverse();
    Ok(Some(RouteMatch { route, params }))
  }

  /// Depth-first search in priority order; the first entry found wins.
  /// Parameters are pushed while unwinding (deepest first).
  fn walk(
    &self,
    id: usize,
    rest: Option<&str>,
    params: &mut Vec<(String, ParamValue)>,
  ) -> Result<Option<usize>, MatchError> {
    let Some(node) = self.nodes.get(id) else {
      return Ok(None);
    };
    let Some(rest) = rest else {
      if node.entry.is_some() {
        return Ok(node.entry);
      }
      // `[[...x]]` matching zero segments: the key is left out.
      return Ok(
        node
          .optional_catch_all
          .as_ref()
          .and_then(|child| self.entry_of(child)),
      );
    };
    let (segment, tail) = match rest.split_once('/') {
      Some((segment, tail)) => (segment, Some(tail)),
      None => (rest, None),
    };

    if let Some(child) = find_static(&node.statics, segment)
      && let Some(entry) = self.walk(child, tail, params)?
    {
      return Ok(Some(entry));
    }

    if let Some(child) = &node.dynamic
      && let Some(entry) = self.walk(child.node, tail, params)?
    {
      let value = decode_component(segment)
        .map_err(|_| MatchError::MalformedEscape)?
        .into_owned();
      params.push((child.name.to_string(), ParamValue::One(value)));
      return Ok(Some(entry));
    }

    for child in [&node.catch_all, &node.optional_catch_all]
      .into_iter()
      .flatten()
    {
      if let Some(entry) = self.entry_of(child) {
        let values = rest
          .split('/')
          .map(|part| decode_component(part).map(Cow::into_owned))
          .collect::<Result<Vec<_>, _>>()
          .map_err(|_| MatchError::MalformedEscape)?;
        params.push((child.name.to_string(), ParamValue::Many(values)));
        return Ok(Some(entry));
      }
    }
    Ok(None)
  }

  fn entry_of(&self, child: &Child) -> Option<usize> {
    self.nodes.get(child.node).and_then(|node| node.entry)
  }
}

/// The child for a static request segment: the folder named exactly as
/// sent, or, for an escaped segment, the folder whose escaped name it is.
fn find_static(statics: &[(Box<str>, usize)], segment: &str) -> Option<usize> {
  if statics.is_empty() {
    return None;
  }
  if let Ok(pos) = statics.binary_search_by(|(name, _)| (**name).cmp(segment)) {
    return statics.get(pos).map(|(_, child)| *child);
  }
  if !segment.contains('%') {
    return None;
  }
  statics
    .iter()
    .find(|(name, _)| escapes_to(name, segment))
    .map(|(_, child)| *child)
}

/// Whether `encodeURIComponent(name) == segment` (upper-case hex).
fn escapes_to(name: &str, segment: &str) -> bool {
  const HEX: &[u8; 16] = b"0123456789ABCDEF";
  let mut want = segment.bytes();
  for byte in name.bytes() {
    let unreserved = byte.is_ascii_alphanumeric()
      || matches!(
        byte,
        b'-' | b'_' | b'.' | b'!' | b'~' | b'*' | b'\'' | b'(' | b')'
      );
    if unreserved {
      if want.next() != Some(byte) {
        return false;
      }
    } else {
      let escaped = [
        b'%',
        HEX[usize::from(byte >> 4)],
        HEX[usize::from(byte & 15)],
      ];
      // Hex digits in either case, as clients send both.
      for e in escaped {
        if want.next().map(|b| b.to_ascii_uppercase()) != Some(e) {
          return false;
        }
      }
    }
  }
  want.next().is_none()
}
