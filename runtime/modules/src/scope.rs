//! Where route code may load modules from: the project, the `node_modules`
//! folders the resolver searches for it, and the packages it resolved
//! (their real paths, so pnpm and workspace symlinks work) — nothing else
//! on the host. And what a module file may be: a regular file of bounded
//! size, so `import('file:///dev/zero')` or a FIFO cannot exhaust memory
//! or hang an isolate.

use std::io::Read;
use std::os::unix::fs::OpenOptionsExt;
use std::path::{Path, PathBuf};
use std::sync::RwLock;

use super::ModuleError;

/// The largest module file read: a bundled package file of several MB is
/// ordinary; one of this size is not code anyone runs per route.
pub const MAX_MODULE_BYTES: u64 = 64 << 20;

/// The folders modules may come from.
#[derive(Debug)]
pub struct ModuleScope {
  /// The project root, by its real path.
  root: PathBuf,
  /// Real paths of packages the resolver found outside `root` and the
  /// `node_modules` folders of its ancestors (workspace packages).
  packages: RwLock<Vec<PathBuf>>,
}

impl ModuleScope {
  /// The scope of the project in `root`.
  pub fn new(root: &Path) -> Self {
    Self {
      root: std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf()),
      packages: RwLock::new(Vec::new()),
    }
  }

  /// Notes a package directory the resolver found, so its files may load.
  pub(crate) fn add_package(&self, dir: &Path) {
    let Ok(real) = std::fs::canonicalize(dir) else {
      return;
    };
    if self.covers(&real) {
      return;
    }
    let mut packages = self
      .packages
      .write()
      .unwrap_or_else(std::sync::PoisonError::into_inner);
    if !packages.iter().any(|p| real.starts_with(p)) {
      packages.push(real);
    }
  }

  /// Under the root, or in a `node_modules` folder of the root or of an
  /// ancestor (where the resolver looks for packages).
  fn covers(&self, real: &Path) -> bool {
    real.starts_with(&self.root)
      || self
        .root
        .ancestors()
        .any(|dir| real.starts_with(dir.join("node_modules")))
  }

  /// Whether the file with this real path may be loaded.
  pub fn allows(&self, real: &Path) -> bool {
    self.covers(real)
      || self
        .packages
        .read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
        .iter()
        .any(|p| real.starts_with(p))
  }

  /// Reads a module file: its real path under the scope, a regular file,
  /// at most [`MAX_MODULE_BYTES`]. The errors name the path, never what is
  /// in the file.
  pub(crate) fn read(&self, path: &Path) -> Result<String, ModuleError> {
    let bytes = self.read_bytes(path)?;
    String::from_utf8(bytes).map_err(|_| ModuleError::Read {
      file: path.to_path_buf(),
      source: std::io::Error::new(
        std::io::ErrorKind::InvalidData,
        "not UTF-8 text",
      ),
    })
  }

  /// [`ModuleScope::read`] for a binary module (WebAssembly): the bytes.
  pub(crate) fn read_bytes(&self, path: &Path) -> Result<Vec<u8>, ModuleError> {
    let read_error = |source| ModuleError::Read {
      file: path.to_path_buf(),
      source,
    };
    let not_allowed = |reason: &str| ModuleError::NotAllowed {
      file: path.to_path_buf(),
      reason: reason.to_owned(),
    };
    let real = std::fs::canonicalize(path).map_err(read_error)?;
    if !self.allows(&real) {
      return Err(not_allowed("outside the project and the packages it uses"));
    }
    // Opened without blocking (a FIFO's open waits for a writer), then
    // checked on the open file, so nothing swapped in after a check is
    // read.
    let file = std::fs::OpenOptions::new()
      .read(true)
      .custom_flags(libc::O_NONBLOCK)
      .open(&real)
      .map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if !metadata.is_file() {
      return Err(not_allowed("not a regular file"));
    }
    if metadata.len() > MAX_MODULE_BYTES {
      return Err(not_allowed("larger than 64 MiB"));
    }
    let mut text = Vec::new();
    // A file that grows while it is read stops at the cap all the same.
    file
      .take(MAX_MODULE_BYTES + 1)
      .read_to_end(&mut text)
      .map_err(read_error)?;
    if text.len() as u64 > MAX_MODULE_BYTES {
      return Err(not_allowed("larger than 64 MiB"));
    }
    Ok(text)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn tree(name: &str) -> PathBuf {
    let base = std::env::temp_dir()
      .join(format!("edgeroute-scope-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&base);
    for dir in [
      "repo/apps/web/app",
      "repo/node_modules/pkg",
      "repo/packages/ui",
      "elsewhere",
    ] {
      std::fs::create_dir_all(base.join(dir)).expect("mkdir");
    }
    for file in [
      "repo/apps/web/app/route.ts",
      "repo/node_modules/pkg/index.js",
      "repo/packages/ui/index.js",
      "elsewhere/secret.mjs",
    ] {
      std::fs::write(base.join(file), "export default 1;\n").expect("write");
    }
    std::fs::canonicalize(base).expect("canonical")
  }

  #[test]
  fn the_project_ancestor_node_modules_and_resolved_packages_only() {
    let base = tree("rules");
    let scope = ModuleScope::new(&base.join("repo/apps/web"));
    assert!(scope.read(&base.join("repo/apps/web/app/route.ts")).is_ok());
    assert!(
      scope
        .read(&base.join("repo/node_modules/pkg/index.js"))
        .is_ok()
    );
    let outside = scope.read(&base.join("elsewhere/secret.mjs"));
    assert!(
      matches!(outside, Err(ModuleError::NotAllowed { .. })),
      "{outside:?}"
    );
    let escape = scope
      .read(&base.join("repo/apps/web/app/../../../../elsewhere/secret.mjs"));
    assert!(
      matches!(escape, Err(ModuleError::NotAllowed { .. })),
      "{escape:?}"
    );
    let workspace = base.join("repo/packages/ui/index.js");
    assert!(scope.read(&workspace).is_err(), "not resolved yet");
    scope.add_package(&base.join("repo/packages/ui"));
    assert!(
      scope.read(&workspace).is_ok(),
      "a package the resolver found"
    );
  }

  #[test]
  fn only_regular_files_are_read() {
    let scope = ModuleScope::new(Path::new("/"));
    for path in ["/dev/zero", "/dev/null", "/proc/self"] {
      let error = scope.read(Path::new(path));
      assert!(
        matches!(error, Err(ModuleError::NotAllowed { .. })),
        "{path}: {error:?}"
      );
    }
    let message = ModuleScope::new(Path::new("/tmp"))
      .read(Path::new("/etc/passwd"))
      .map(|_| ())
      .expect_err("outside");
    assert!(!message.to_string().contains("root:"), "{message}");
  }

  #[test]
  fn a_fifo_in_the_project_is_refused_without_waiting_for_a_writer() {
    let base = tree("fifo");
    let fifo = base.join("repo/apps/web/app/pipe.js");
    let made = std::process::Command::new("mkfifo")
      .arg(&fifo)
      .status()
      .expect("mkfifo");
    assert!(made.success());
    let scope = ModuleScope::new(&base.join("repo/apps/web"));
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
      let _ = tx.send(scope.read(&fifo).map(|_| ()));
    });
    let answer = rx
      .recv_timeout(std::time::Duration::from_secs(5))
      .expect("read() returned instead of waiting for a writer");
    assert!(
      matches!(answer, Err(ModuleError::NotAllowed { .. })),
      "{answer:?}"
    );
  }
}
