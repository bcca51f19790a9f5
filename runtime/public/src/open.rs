//! Opening a scanned file without following a link out of the folder: the
//! canonical path found at scan time is opened with `O_NOFOLLOW` (a file
//! swapped for a symbolic link since is refused) and `O_NONBLOCK` (a FIFO put
//! in its place cannot block), then where the open file really is, is checked
//! to be inside the folder (through `/proc/self/fd` on Linux, so a folder on
//! the way swapped for a link is caught as well).

use std::fs::{File, Metadata, OpenOptions};
use std::io;

use crate::scan::FileEntry;

fn refused(what: &str) -> io::Error {
  io::Error::new(io::ErrorKind::PermissionDenied, what.to_owned())
}

/// Opens `entry` for reading; its metadata is taken from the open file.
pub(crate) fn open_inside(entry: &FileEntry) -> io::Result<(File, Metadata)> {
  let mut options = OpenOptions::new();
  options.read(true);
  #[cfg(unix)]
  {
    use std::os::unix::fs::OpenOptionsExt;
    options.custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK);
  }
  let file = options.open(&entry.real)?;
  let meta = file.metadata()?;
  if !meta.is_file() {
    return Err(refused("not a regular file"));
  }
  if !is_inside(&file, &meta, entry)? {
    return Err(refused("the file is no longer inside the public folder"));
  }
  Ok((file, meta))
}

#[cfg(target_os = "linux")]
fn opened_path(file: &File) -> Option<std::path::PathBuf> {
  use std::os::fd::AsRawFd;
  std::fs::read_link(format!("/proc/self/fd/{}", file.as_raw_fd())).ok()
}

#[cfg(not(target_os = "linux"))]
fn opened_path(_file: &File) -> Option<std::path::PathBuf> {
  None
}

/// Whether the open file is inside the public folder.
fn is_inside(
  file: &File,
  meta: &Metadata,
  entry: &FileEntry,
) -> io::Result<bool> {
  if let Some(path) = opened_path(file) {
    return Ok(path.starts_with(entry.root.as_path()));
  }
  // Without /proc: the path must still resolve inside the folder, to the
  // very file that was opened.
  let resolved = std::fs::canonicalize(&entry.real)?;
  if !resolved.starts_with(entry.root.as_path()) {
    return Ok(false);
  }
  #[cfg(unix)]
  {
    use std::os::unix::fs::MetadataExt;
    let now = std::fs::metadata(&resolved)?;
    Ok(now.dev() == meta.dev() && now.ino() == meta.ino())
  }
  #[cfg(not(unix))]
  {
    let _ = meta;
    Ok(true)
  }
}
