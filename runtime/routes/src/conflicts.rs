//! Building the route trie the way Next.js's `getSortedRoutes` (and its
//! duplicate-path checks) build theirs: every conflict Next.js rejects is
//! found while inserting, and reported with both files.

use super::error::{ConflictKind, RouteError};
use super::scan::RouteFile;
use super::segment::{Segment, pattern_of};
use super::trie::{Child, ChildKind, Node, ROOT};

/// One file placed in the trie: a route, or a page (which shadows routes
/// with lower priority but is never returned by a match).
#[derive(Clone, Copy)]
struct Entry<'a> {
  file: &'a RouteFile,
  is_page: bool,
}

/// Builds the trie of routes and pages and checks it the way Next.js'
/// `getSortedRoutes` (and its duplicate checks) do. Entry ids: routes
/// first, then pages.
pub(crate) fn build_trie(
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
        let previous = nodes[node].child(ChildKind::Dynamic);
        handle_slug(previous, name, &mut slug_names, entries, id)?;
        child_of(nodes, node, ChildKind::Dynamic, name, id)
      }
      Segment::CatchAll(name) | Segment::OptionalCatchAll(name) => {
        after_catch_all = true;
        let (kind, opposite, wording) = match segment {
          Segment::CatchAll(_) => (
            ChildKind::CatchAll,
            ChildKind::OptionalCatchAll,
            "an optional and required",
          ),
          _ => (
            ChildKind::OptionalCatchAll,
            ChildKind::CatchAll,
            "an required and optional",
          ),
        };
        if let Some(other) = nodes[node].child(opposite) {
          let other_segment = match opposite {
            ChildKind::OptionalCatchAll => format!("[[...{}]]", other.name),
            _ => format!("[...{}]", other.name),
          };
          return Err(conflict(
            ConflictKind::RequiredAndOptionalCatchAll,
            format!(
              "You cannot use both {wording} catch-all route at \
                             the same level (\"{other_segment}\" and \"{segment}\")."
            ),
            entries[other.origin].file,
            file,
          ));
        }
        let previous = nodes[node].child(kind);
        handle_slug(previous, name, &mut slug_names, entries, id)?;
        child_of(nodes, node, kind, name, id)
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

fn child_of(
  nodes: &mut Vec<Node>,
  node: usize,
  kind: ChildKind,
  name: &str,
  origin: usize,
) -> usize {
  let new_id = nodes.len();
  let child = nodes[node].child_mut(kind);
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
