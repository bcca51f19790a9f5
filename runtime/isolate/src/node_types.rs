//! The type parameters of deno_node's extension, named once for the
//! library and `build.rs` (the snapshot records the extension they make):
//! which files are inside npm packages, where a package's folder is, and
//! the system calls resolution makes.

use std::path::PathBuf;

use deno_core::url::Url;
use node_resolver::errors::{
  PackageFolderResolveError, PackageFolderResolveErrorKind,
  PackageNotFoundError,
};
use node_resolver::{
  InNpmPackageChecker, NpmPackageFolderResolver, UrlOrPathRef,
};

/// A file is in an npm package when its path goes through `node_modules`
/// (an app's packages are installed there; edgeroute has no npm cache of
/// its own).
#[derive(Debug, Clone, Copy, Default)]
pub struct InNodeModules;

impl InNpmPackageChecker for InNodeModules {
  fn in_npm_package(&self, specifier: &Url) -> bool {
    specifier.scheme() == "file" && specifier.path().contains("/node_modules/")
  }
}

/// Node's lookup of a package folder: `<dir>/node_modules/<name>` from the
/// referrer's folder up to the root.
#[derive(Debug, Clone, Copy, Default)]
pub struct NodeModulesFolders;

impl NpmPackageFolderResolver for NodeModulesFolders {
  fn resolve_package_folder_from_package(
    &self,
    name: &str,
    referrer: &UrlOrPathRef,
  ) -> Result<PathBuf, PackageFolderResolveError> {
    let not_found = || {
      PackageFolderResolveError(Box::new(
        PackageFolderResolveErrorKind::PackageNotFound(PackageNotFoundError {
          package_name: name.to_owned(),
          referrer: referrer.display(),
          referrer_extra: None,
        }),
      ))
    };
    let from = referrer.path().map_err(|_| not_found())?;
    from
      .ancestors()
      .skip(1)
      .map(|dir| dir.join("node_modules").join(name))
      .find(|folder| folder.is_dir())
      .ok_or_else(not_found)
  }

  fn resolve_types_package_folder(
    &self,
    _types_package_name: &str,
    _maybe_package_version: Option<&deno_semver::Version>,
    _maybe_referrer: Option<&UrlOrPathRef>,
  ) -> Option<PathBuf> {
    // Types are not run.
    None
  }
}

/// The system calls of resolution: the real ones.
pub type NodeSys = sys_traits::impls::RealSys;
