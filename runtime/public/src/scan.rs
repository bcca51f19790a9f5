//! Collecting the files of `public/` once, at startup, as next start does
//! (`recursiveReadDir` in `server/lib/router-utils/filesystem.js`): every
//! file under the folder, through symbolic links, keyed by its path with each
//! segment `encodeURIComponent`-encoded. A file added later is not served.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::PublicError;
use crate::mime::content_type;
use crate::uri::encode_uri_path;

/// One scanned file.
#[derive(Debug)]
pub(crate) struct FileEntry {
  /// The decoded URL path, `/`-separated, starting with `/` (`/a b.txt`).
  pub(crate) rel: String,
  /// Where it is on disk: the canonical path, inside the canonical root.
  pub(crate) real: PathBuf,
  /// The canonical public folder.
  pub(crate) root: Arc<PathBuf>,
  /// The `Content-Type` value (from the URL name, not a link's target).
  pub(crate) content_type: String,
}

/// What a matched URL leads to.
#[derive(Debug, Clone)]
pub(crate) enum Target {
  /// A scanned file.
  File(Arc<FileEntry>),
  /// A public file matched, but Next's `send` refuses the path it derives
  /// from it (a dotfile, a `%` that does not decode, a path that leaves the
  /// folder or names no file): next start answers its error answer.
  Refused,
}

/// A file of `public/`, as found by [`PublicDir::lookup`]. Cheap to clone.
#[derive(Debug, Clone)]
pub struct PublicFile {
  pub(crate) target: Target,
}

impl PublicFile {
  /// The decoded URL path of the file (`/a b.txt`), or `None` when the URL
  /// matched a public file that next start refuses to send (it then
  /// answers `500 Internal Server Error`, which [`crate::serve`] reproduces).
  pub fn url_path(&self) -> Option<&str> {
    match &self.target {
      Target::File(entry) => Some(&entry.rel),
      Target::Refused => None,
    }
  }

  /// Where the file is on disk (canonical, inside the public folder).
  pub fn fs_path(&self) -> Option<&Path> {
    match &self.target {
      Target::File(entry) => Some(&entry.real),
      Target::Refused => None,
    }
  }
}

/// The files of `public/`, scanned once at startup as next start does.
#[derive(Debug, Clone, Default)]
pub struct PublicDir {
  /// Encoded URL path (`/a%20b.txt`) → file.
  pub(crate) files: HashMap<String, Arc<FileEntry>>,
}

/// A folder still to read: where it is, its URL prefix, and the canonical
/// folders above it (to stop at a link that loops back).
struct Pending {
  dir: PathBuf,
  prefix: String,
  ancestors: Vec<PathBuf>,
}

impl PublicDir {
  /// Scans `dir` (usually `<project>/public`); a missing folder is an empty
  /// `PublicDir`. Symbolic links are followed when they resolve inside
  /// `dir` and left out otherwise (next start follows them anywhere), so
  /// nothing outside `dir` can ever be served. Left out as well: names that
  /// are not UTF-8 or hold a `\` (Next turns it into `/` and then cannot
  /// find the file), and anything that is neither a file nor a folder.
  pub fn scan(dir: &Path) -> Result<PublicDir, PublicError> {
    let io = |source| PublicError::Io {
      path: dir.to_owned(),
      source,
    };
    let root = match fs::canonicalize(dir) {
      Ok(root) => root,
      Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
        return Ok(PublicDir::default());
      }
      Err(e) => return Err(io(e)),
    };
    if !fs::metadata(&root).map_err(io)?.is_dir() {
      return Err(PublicError::NotADirectory {
        path: dir.to_owned(),
      });
    }
    let root = Arc::new(root);
    let mut files = HashMap::new();
    let mut pending = vec![Pending {
      dir: root.to_path_buf(),
      prefix: String::new(),
      ancestors: vec![],
    }];
    while let Some(Pending {
      dir,
      prefix,
      ancestors,
    }) = pending.pop()
    {
      let read = match fs::read_dir(&dir) {
        Ok(read) => read,
        // A folder removed while scanning is skipped, as Next does.
        Err(e) if e.kind() == std::io::ErrorKind::NotFound && dir != *root => {
          continue;
        }
        Err(source) => return Err(PublicError::Io { path: dir, source }),
      };
      let mut ancestors = ancestors;
      ancestors.push(dir.clone());
      for entry in read {
        let entry = entry.map_err(|source| PublicError::Io {
          path: dir.clone(),
          source,
        })?;
        let Some(name) = entry.file_name().to_str().map(str::to_owned) else {
          tracing::debug!(path = %entry.path().display(), "public: name is not UTF-8, left out");
          continue;
        };
        if name.contains('\\') {
          tracing::debug!(%name, "public: name holds a backslash, left out");
          continue;
        }
        let rel = format!("{prefix}/{name}");
        let path = dir.join(&name);
        let Ok(file_type) = entry.file_type() else {
          continue;
        };
        let (real, is_dir) = if file_type.is_symlink() {
          let Ok(real) = fs::canonicalize(&path) else {
            continue;
          };
          if !real.starts_with(root.as_path()) {
            tracing::debug!(path = %path.display(), "public: link leads outside the folder, left out");
            continue;
          }
          let Ok(meta) = fs::metadata(&real) else {
            continue;
          };
          if !meta.is_dir() && !meta.is_file() {
            continue;
          }
          (real, meta.is_dir())
        } else if file_type.is_dir() || file_type.is_file() {
          (path, file_type.is_dir())
        } else {
          continue;
        };
        if is_dir {
          if ancestors.contains(&real) {
            continue;
          }
          pending.push(Pending {
            dir: real,
            prefix: rel,
            ancestors: ancestors.clone(),
          });
        } else {
          let entry = FileEntry {
            content_type: content_type(&name),
            rel: rel.clone(),
            real,
            root: Arc::clone(&root),
          };
          files.insert(encode_uri_path(&rel), Arc::new(entry));
        }
      }
    }
    Ok(PublicDir { files })
  }

  /// How many files were found.
  pub fn len(&self) -> usize {
    self.files.len()
  }

  /// Whether no file was found (or there is no public folder).
  pub fn is_empty(&self) -> bool {
    self.files.is_empty()
  }

  /// The decoded URL paths of every file, sorted (`/a b.txt`, `/nested/x.css`).
  pub fn url_paths(&self) -> Vec<&str> {
    let mut paths: Vec<&str> =
      self.files.values().map(|f| f.rel.as_str()).collect();
    paths.sort_unstable();
    paths
  }
}
