//! The error type of the routes module.

use std::path::PathBuf;

/// Which rule of the Next.js app router two files break together.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ConflictKind {
  /// Two route files (`route.ts` and `route.js`, …) or two page files in
  /// one folder.
  DuplicateFile,
  /// A route file and a page file that resolve to the same URL.
  RouteAndPage,
  /// Two files in different folders (through route groups) that resolve
  /// to the same URL.
  SamePath,
  /// Two different parameter names at the same dynamic level
  /// (`[id]` beside `[slug]`).
  DifferentSlugNames,
  /// A required and an optional catch-all at the same level
  /// (`[...a]` beside `[[...a]]`).
  RequiredAndOptionalCatchAll,
  /// A route at `/a` beside an optional catch-all `/a/[[...x]]`, which
  /// also matches `/a`.
  OptionalCatchAllSpecificity,
}

/// Everything that can go wrong while scanning an `app/` folder or building
/// a [`RouteTable`](super::RouteTable).
///
/// Conflict messages follow the wording of Next.js and always name both
/// files involved.
#[derive(Debug, thiserror::Error)]
pub enum RouteError {
  /// A directory of the app tree could not be read.
  #[error("cannot read {}: {source}", .path.display())]
  Io {
    /// The directory or file that could not be read.
    path: PathBuf,
    /// The underlying I/O error.
    source: std::io::Error,
  },

  /// The given app directory is not a directory.
  #[error("app directory {} is not a directory", .path.display())]
  NotADirectory {
    /// The path that was given as the app directory.
    path: PathBuf,
  },

  /// A folder name (or a [`Segment`](super::Segment) given to
  /// [`RouteTable::build`](super::RouteTable::build)) is not a valid
  /// route segment.
  #[error("invalid route segment \"{segment}\" in {}: {reason}", .file.display())]
  InvalidSegment {
    /// The route or page file whose URL contains the segment.
    file: PathBuf,
    /// The folder name (or segment) as written.
    segment: String,
    /// Why it is rejected.
    reason: String,
  },

  /// A single file whose URL breaks a rule on its own (a catch-all that is
  /// not the last segment, a parameter name used twice, …).
  #[error("{message} (in {})", .file.display())]
  InvalidRoute {
    /// The offending route or page file.
    file: PathBuf,
    /// What is wrong, in the words of Next.js.
    message: String,
  },

  /// Two files that Next.js refuses to have together.
  ///
  /// The message names both files.
  #[error("{message}")]
  Conflict {
    /// Which rule the two files break.
    kind: ConflictKind,
    /// The full message, naming both files.
    message: String,
    /// The file that was seen first.
    first: PathBuf,
    /// The file that conflicts with `first`.
    second: PathBuf,
  },
}
