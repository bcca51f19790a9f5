//! Scanning an `app/` folder for route handlers (and pages).

use std::fs;
use std::path::{Path, PathBuf};

use super::error::RouteError;
use super::segment::{FolderKind, Segment, classify_folder, pattern_of};

/// File extensions of route handler files (`route.ts`, …).
pub const ROUTE_EXTENSIONS: &[&str] = &["js", "mjs", "ts", "jsx", "tsx"];

/// File extensions of page files (`page.tsx`, …). Pages are not served, but
/// they conflict with routes and take URLs from less specific routes.
pub const PAGE_EXTENSIONS: &[&str] = &["js", "jsx", "ts", "tsx", "md", "mdx"];

/// One route handler file (or page file) and the URL it serves.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct RouteFile {
  /// Absolute path of the file (`…/app/blog/[...slug]/route.ts`).
  pub file: PathBuf,
  /// The URL pattern, groups removed: `/blog/[...slug]`, `/` for the root.
  pub pattern: String,
  /// The URL segments, groups removed.
  pub segments: Vec<Segment>,
}

impl RouteFile {
  /// A route file whose `pattern` is computed from `segments`.
  pub fn new(file: PathBuf, segments: Vec<Segment>) -> RouteFile {
    RouteFile {
      file,
      pattern: pattern_of(&segments),
      segments,
    }
  }

  /// Whether a segment takes a parameter (`[x]`, `[...x]`, `[[...x]]`):
  /// only then does a handler get `params`.
  pub fn is_dynamic(&self) -> bool {
    self
      .segments
      .iter()
      .any(|segment| !matches!(segment, Segment::Static(_)))
  }
}

/// Route files and page files of an app, each sorted by pattern.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ScannedApp {
  /// The route handler files.
  pub routes: Vec<RouteFile>,
  /// The page files (not served; used for conflicts and priority).
  pub pages: Vec<RouteFile>,
}

/// Scans `app_dir` for route handler files and returns them sorted by
/// pattern. See the [crate documentation](crate) for the folder rules.
///
/// Conflicts are not checked here: building a
/// [`RouteTable`](crate::RouteTable) checks them, once.
///
/// # Errors
///
/// [`RouteError::Io`] or [`RouteError::NotADirectory`] when the tree cannot
/// be read.
pub fn scan_app(app_dir: &Path) -> Result<Vec<RouteFile>, RouteError> {
  scan_app_with_pages(app_dir).map(|scanned| scanned.routes)
}

/// Like [`scan_app`], but also returns the page files, for
/// [`RouteTable::build_with_pages`](super::RouteTable::build_with_pages).
///
/// # Errors
///
/// As [`scan_app`].
pub fn scan_app_with_pages(app_dir: &Path) -> Result<ScannedApp, RouteError> {
  let app_dir =
    std::path::absolute(app_dir).map_err(|source| RouteError::Io {
      path: app_dir.to_path_buf(),
      source,
    })?;
  let metadata = fs::metadata(&app_dir).map_err(|source| RouteError::Io {
    path: app_dir.clone(),
    source,
  })?;
  if !metadata.is_dir() {
    return Err(RouteError::NotADirectory { path: app_dir });
  }
  let mut walker = Walker {
    visible: Vec::new(),
    on_stack: Vec::new(),
    found: ScannedApp::default(),
  };
  walker.walk(&app_dir)?;
  let mut found = walker.found;
  let by_pattern = |a: &RouteFile, b: &RouteFile| {
    a.pattern.cmp(&b.pattern).then_with(|| a.file.cmp(&b.file))
  };
  found.routes.sort_by(by_pattern);
  found.pages.sort_by(by_pattern);
  Ok(found)
}

/// Depth-first walk of the app tree.
struct Walker {
  /// URL-visible folder names from the app dir down to the current one.
  visible: Vec<String>,
  /// Canonical paths of the directories being walked (symlink loop guard).
  on_stack: Vec<PathBuf>,
  found: ScannedApp,
}

/// What a directory entry is, symlinks followed.
enum EntryType {
  Dir,
  File,
  Other,
}

impl Walker {
  fn walk(&mut self, dir: &Path) -> Result<(), RouteError> {
    let io_error = |source| RouteError::Io {
      path: dir.to_path_buf(),
      source,
    };
    let canonical = fs::canonicalize(dir).map_err(io_error)?;
    if self.on_stack.contains(&canonical) {
      // A symlink back to a folder being walked.
      return Ok(());
    }

    let mut children = Vec::new();
    for child in fs::read_dir(dir).map_err(io_error)? {
      let child = child.map_err(io_error)?;
      // Names that are not UTF-8 cannot be URL segments nor route files.
      let Ok(name) = child.file_name().into_string() else {
        continue;
      };
      let path = child.path();
      let file_type = child.file_type().map_err(|source| RouteError::Io {
        path: path.clone(),
        source,
      })?;
      let kind = if file_type.is_symlink() {
        match fs::metadata(&path) {
          Ok(target) if target.is_dir() => EntryType::Dir,
          Ok(target) if target.is_file() => EntryType::File,
          // Broken symlinks are ignored.
          _ => EntryType::Other,
        }
      } else if file_type.is_dir() {
        EntryType::Dir
      } else if file_type.is_file() {
        EntryType::File
      } else {
        EntryType::Other
      };
      children.push((name, path, kind));
    }
    children.sort_by(|a, b| a.0.cmp(&b.0));

    self.on_stack.push(canonical);
    let result = self.walk_children(children);
    self.on_stack.pop();
    result
  }

  fn walk_children(
    &mut self,
    children: Vec<(String, PathBuf, EntryType)>,
  ) -> Result<(), RouteError> {
    for (name, path, kind) in children {
      match kind {
        EntryType::File => self.add_file(&name, path)?,
        EntryType::Dir => match classify_folder(&name) {
          FolderKind::Skip => {}
          FolderKind::Group => self.walk(&path)?,
          FolderKind::Segment(segment) => {
            self.visible.push(segment.to_owned());
            let result = self.walk(&path);
            self.visible.pop();
            result?;
          }
        },
        EntryType::Other => {}
      }
    }
    Ok(())
  }

  fn add_file(&mut self, name: &str, path: PathBuf) -> Result<(), RouteError> {
    let Some((stem, extension)) = name.split_once('.') else {
      return Ok(());
    };
    let is_page = match stem {
      "route" if ROUTE_EXTENSIONS.contains(&extension) => false,
      "page" if PAGE_EXTENSIONS.contains(&extension) => true,
      _ => return Ok(()),
    };
    let mut segments = Vec::with_capacity(self.visible.len());
    for folder in &self.visible {
      let segment = Segment::parse(folder).map_err(|reason| {
        RouteError::InvalidSegment {
          file: path.clone(),
          segment: folder.clone(),
          reason,
        }
      })?;
      segments.push(segment);
    }
    let file = RouteFile::new(path, segments);
    if is_page {
      self.found.pages.push(file);
    } else {
      self.found.routes.push(file);
    }
    Ok(())
  }
}
