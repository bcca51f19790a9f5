//! The route trie: conflict detection at build time and URL matching with
//! Next.js priority at request time.

use std::borrow::Cow;
use std::path::Path;

use super::decode::decode_component;
use super::error::{ConflictKind, RouteError};
use super::scan::RouteFile;
use super::segment::{Segment, pattern_of};

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
pub struct RouteMatch {
  /// Index of the matched route in [`RouteTable::routes`].
  pub route: usize,
  /// The route parameters in the order of their position in the path.
  ///
  /// An optional catch-all that matched no segment is left out, as
  /// Next.js leaves the key out of `params`.
  pub params: Vec<(String, ParamValue)>,
}

impl RouteMatch {
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
const ROOT: usize = 0;

/// A dynamic child of a node.
#[derive(Debug)]
struct Child {
  /// The parameter name.
  name: Box<str>,
  /// The child node.
  node: usize,
  /// The entry whose path created this child (named in conflict errors).
  origin: usize,
}

/// One node of the trie: one URL position.
#[derive(Debug, Default)]
struct Node {
  /// Static children, sorted by URL segment for binary search.
  statics: Vec<(Box<str>, usize)>,
  /// `[name]` child.
  dynamic: Option<Child>,
  /// `[...name]` child (always a leaf).
  catch_all: Option<Child>,
  /// `[[...name]]` child (always a leaf).
  optional_catch_all: Option<Child>,
  /// The entry (route or page) whose URL ends here.
  entry: Option<usize>,
}

/// One file placed in the trie: a route, or a page (which shadows routes
/// with lower priority but is never returned by [`RouteTable::match_path`]).
#[derive(Clone, Copy)]
struct Entry<'a> {
  file: &'a RouteFile,
  is_page: bool,
}

/// Which dynamic child of a node.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Slot {
  Dynamic,
  CatchAll,
  OptionalCatchAll,
}

impl Node {
  fn slot(&self, slot: Slot) -> Option<&Child> {
    match slot {
      Slot::Dynamic => self.dynamic.as_ref(),
      Slot::CatchAll => self.catch_all.as_ref(),
      Slot::OptionalCatchAll => self.optional_catch_all.as_ref(),
    }
  }

  fn slot_mut(&mut self, slot: Slot) -> &mut Option<Child> {
    match slot {
      Slot::Dynamic => &mut self.dynamic,
      Slot::CatchAll => &mut self.catch_all,
      Slot::OptionalCatchAll => &mut self.optional_catch_all,
    }
  }
}

/// The routes of an app, ready to match request paths.
///
/// Built once from the scanned files; matching walks a trie and allocates
/// only the returned parameters.
#[derive(Debug)]
pub struct RouteTable {
  /// Route files, sorted by pattern.
  routes: Vec<RouteFile>,
  /// Page files (only used for priority), sorted by pattern.
  pages: Vec<RouteFile>,
  /// The trie; entry ids below `routes.len()` are routes, the others
  /// pages (`id - routes.len()`).
  nodes: Vec<Node>,
}

impl RouteTable {
  /// Builds the table from route files (as returned by
  /// [`scan_app`](super::scan_app)), rejecting every conflict Next.js
  /// rejects between them.
  ///
  /// Routes are re-sorted by pattern; [`RouteMatch::route`] indexes the
  /// sorted list returned by [`RouteTable::routes`].
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
  /// [`RouteTable::build_with_pages`].
  ///
  /// # Errors
  ///
  /// As [`scan_app`](super::scan_app).
  pub fn from_app_dir(app_dir: &Path) -> Result<RouteTable, RouteError> {
    let scanned = super::scan::scan_app_with_pages(app_dir)?;
    RouteTable::build_with_pages(scanned.routes, scanned.pages)
  }

  /// The routes, sorted by pattern.
  pub fn routes(&self) -> &[RouteFile] {
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
  ) -> Result<Option<RouteMatch>, MatchError> {
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
    if entry >= self.routes.len() {
      return Ok(None);
    }
    params.reverse();
    Ok(Some(RouteMatch {
      route: entry,
      params,
    }))
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

/// Checks routes and pages for every conflict Next.js rejects.
pub(super) fn check_conflicts(
  routes: &[RouteFile],
  pages: &[RouteFile],
) -> Result<(), RouteError> {
  build_trie(routes, pages).map(|_| ())
}

/// Builds the trie of routes and pages and checks it the way Next.js'
/// `getSortedRoutes` (and its duplicate checks) do. Entry ids: routes
/// first, then pages.
fn build_trie(
  routes: &[RouteFile],
  pages: &[RouteFile],
) -> Result<Vec<Node>, RouteError> {
  let entries: Vec<Entry<'_>> = routes
    .iter()
    .map(|file| Entry {
      file,
      is_page: false,
    })
    .chain(pages.iter().map(|file| Entry {
      file,
      is_page: true,
    }))
    .collect();
  // Insert in file order so that errors do not depend on the caller's order.
  let mut order: Vec<usize> = (0..entries.len()).collect();
  order.sort_by(|&a, &b| entries[a].file.file.cmp(&entries[b].file.file));

  let mut nodes = vec![Node::default()];
  for id in order {
    insert(&mut nodes, &entries, id)?;
  }

  // Next.js checks this one when it sorts ("smooshes") the tree.
  for node in &nodes {
    if let (Some(entry), Some(child)) = (node.entry, &node.optional_catch_all) {
      let route = &entries[entry].file;
      let other = &entries[child.origin].file;
      let r = pattern_of(&route.segments);
      let sep = if r.ends_with('/') { "" } else { "/" };
      return Err(conflict(
        ConflictKind::OptionalCatchAllSpecificity,
        // Next.js 16's wording.
        format!(
          "You cannot define a route with the same specificity as an \
           optional catch-all route (\"{r}\" and \"{r}{sep}[[...{}]]\").",
          child.name
        ),
        route,
        other,
      ));
    }
  }
  Ok(nodes)
}

/// Inserts one entry, mirroring Next.js `UrlNode._insert`.
fn insert(
  nodes: &mut Vec<Node>,
  entries: &[Entry<'_>],
  id: usize,
) -> Result<(), RouteError> {
  let entry = entries[id];
  let file = entry.file;
  let mut node = ROOT;
  let mut slug_names: Vec<&str> = Vec::new();
  let mut after_catch_all = false;
  for segment in &file.segments {
    if after_catch_all {
      return Err(RouteError::InvalidRoute {
        file: file.file.clone(),
        message: format!(
          "Catch-all must be the last part of the URL (\"{}\").",
          pattern_of(&file.segments)
        ),
      });
    }
    segment
      .validate()
      .map_err(|reason| RouteError::InvalidSegment {
        file: file.file.clone(),
        segment: segment.to_string(),
        reason,
      })?;
    node = match segment {
      Segment::Static(name) => static_child(nodes, node, name),
      Segment::Dynamic(name) => {
        let previous = nodes[node].slot(Slot::Dynamic);
        handle_slug(previous, name, &mut slug_names, entries, id)?;
        slot_child(nodes, node, Slot::Dynamic, name, id)
      }
      Segment::CatchAll(name) => {
        after_catch_all = true;
        if let Some(other) = nodes[node].slot(Slot::OptionalCatchAll) {
          return Err(conflict(
            ConflictKind::RequiredAndOptionalCatchAll,
            format!(
              "You cannot use both an optional and required catch-all route at \
                             the same level (\"[[...{}]]\" and \"{segment}\").",
              other.name
            ),
            entries[other.origin].file,
            file,
          ));
        }
        let previous = nodes[node].slot(Slot::CatchAll);
        handle_slug(previous, name, &mut slug_names, entries, id)?;
        slot_child(nodes, node, Slot::CatchAll, name, id)
      }
      Segment::OptionalCatchAll(name) => {
        after_catch_all = true;
        if let Some(other) = nodes[node].slot(Slot::CatchAll) {
          return Err(conflict(
            ConflictKind::RequiredAndOptionalCatchAll,
            format!(
              "You cannot use both an required and optional catch-all route at \
                             the same level (\"[...{}]\" and \"{segment}\").",
              other.name
            ),
            entries[other.origin].file,
            file,
          ));
        }
        let previous = nodes[node].slot(Slot::OptionalCatchAll);
        handle_slug(previous, name, &mut slug_names, entries, id)?;
        slot_child(nodes, node, Slot::OptionalCatchAll, name, id)
      }
    };
  }
  if let Some(other) = nodes[node].entry {
    return Err(same_url(entries[other], entry));
  }
  nodes[node].entry = Some(id);
  Ok(())
}

/// Next.js `handleSlug`: one parameter name per dynamic level, and no name
/// twice (or differing only by non-word characters) within one path.
fn handle_slug<'a>(
  previous: Option<&Child>,
  name: &'a str,
  slug_names: &mut Vec<&'a str>,
  entries: &[Entry<'_>],
  id: usize,
) -> Result<(), RouteError> {
  let file = entries[id].file;
  if let Some(previous) = previous
    && *previous.name != *name
  {
    return Err(conflict(
      ConflictKind::DifferentSlugNames,
      format!(
        "You cannot use different slug names for the same dynamic path ('{}' !== \
                 '{name}').",
        previous.name
      ),
      entries[previous.origin].file,
      file,
    ));
  }
  for slug in slug_names.iter() {
    if *slug == name {
      return Err(RouteError::InvalidRoute {
        file: file.file.clone(),
        message: format!(
          "You cannot have the same slug name \"{name}\" repeat within a single \
                     dynamic path (\"{}\")",
          pattern_of(&file.segments)
        ),
      });
    }
    if word_chars(slug).eq(word_chars(name)) {
      return Err(RouteError::InvalidRoute {
        file: file.file.clone(),
        message: format!(
          "You cannot have the slug names \"{slug}\" and \"{name}\" differ only by \
                     non-word symbols within a single dynamic path (\"{}\")",
          pattern_of(&file.segments)
        ),
      });
    }
  }
  slug_names.push(name);
  Ok(())
}

/// The characters kept by JavaScript's `name.replace(/\W/g, '')`.
fn word_chars(name: &str) -> impl Iterator<Item = char> + '_ {
  name
    .chars()
    .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
}

fn static_child(nodes: &mut Vec<Node>, node: usize, name: &str) -> usize {
  let new_id = nodes.len();
  let statics = &mut nodes[node].statics;
  match statics.binary_search_by(|(existing, _)| (**existing).cmp(name)) {
    Ok(pos) => statics[pos].1,
    Err(pos) => {
      statics.insert(pos, (name.into(), new_id));
      nodes.push(Node::default());
      new_id
    }
  }
}

fn slot_child(
  nodes: &mut Vec<Node>,
  node: usize,
  slot: Slot,
  name: &str,
  origin: usize,
) -> usize {
  let new_id = nodes.len();
  let child = nodes[node].slot_mut(slot);
  if let Some(child) = child {
    return child.node;
  }
  *child = Some(Child {
    name: name.into(),
    node: new_id,
    origin,
  });
  nodes.push(Node::default());
  new_id
}

/// The error for two entries that resolve to the same URL.
fn same_url(first: Entry<'_>, second: Entry<'_>) -> RouteError {
  let pattern = pattern_of(&second.file.segments);
  let (a, b) = (first.file, second.file);
  if first.is_page != second.is_page {
    let (route, page) = if first.is_page { (b, a) } else { (a, b) };
    return conflict(
      ConflictKind::RouteAndPage,
      format!(
        "Conflicting route and page at {pattern}: route at {} and page at {}",
        route.file.display(),
        page.file.display()
      ),
      a,
      b,
    );
  }
  if a.file.parent() == b.file.parent() {
    return conflict(
      ConflictKind::DuplicateFile,
      format!(
        "Duplicate page detected. {} and {} both resolve to {pattern}.",
        a.file.display(),
        b.file.display()
      ),
      a,
      b,
    );
  }
  conflict(
    ConflictKind::SamePath,
    format!(
      "You cannot have two parallel pages that resolve to the same path. Please check {} \
             and {} (both resolve to {pattern}).",
      a.file.display(),
      b.file.display()
    ),
    a,
    b,
  )
}

/// A conflict error; appends both file names when `message` lacks them.
fn conflict(
  kind: ConflictKind,
  message: String,
  first: &RouteFile,
  second: &RouteFile,
) -> RouteError {
  let first_name = first.file.display().to_string();
  let second_name = second.file.display().to_string();
  let message =
    if message.contains(&first_name) && message.contains(&second_name) {
      message
    } else {
      format!("{message} Conflicting files: {first_name} and {second_name}")
    };
  RouteError::Conflict {
    kind,
    message,
    first: first.file.clone(),
    second: second.file.clone(),
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
