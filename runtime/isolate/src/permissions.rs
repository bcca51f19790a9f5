//! What route code may reach, on `deno_permissions`. Edge routes reach the
//! network and nothing on disk (`fetch("file://...")` is denied). Node.js
//! routes by default also read the project (its `node_modules` included,
//! wherever their real paths lead) and see the environment; writing files,
//! running programs, FFI and native addons need the server's `--allow-*`
//! flags (a [`Sandbox`]), named as Deno names them in the error a denied
//! call throws. Relative paths resolve against the project root, the
//! routes' `process.cwd()`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use deno_permissions::{
  Permissions, PermissionsContainer, PermissionsOptions,
  RuntimePermissionDescriptorParser, UnaryPermission,
};
use edgeroute_modules::Runtime;
use sys_traits::impls::RealSys;

/// What Node.js routes may do beyond the defaults: the `--allow-*` flags.
/// `None` allows nothing more, `Some(vec![])` everything of that kind.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sandbox {
  /// Files and folders outside the project that may be read.
  pub read: Vec<PathBuf>,
  /// Files and folders that may be written (`--allow-write`).
  pub write: Option<Vec<PathBuf>>,
  /// Programs that may be run (`--allow-run`).
  pub run: Option<Vec<String>>,
}

/// System information Node.js routes may read (`os.hostname()`,
/// `os.cpus()`, ...): everything but changing the process (`umask`,
/// `setuid`, ...) and the debugger (`inspector`).
const ALLOWED_SYS: &[&str] = &[
  "cpus",
  "gid",
  "homedir",
  "hostname",
  "loadavg",
  "networkInterfaces",
  "osRelease",
  "osUptime",
  "statfs",
  "systemMemoryInfo",
  "uid",
  "userInfo",
];

impl Sandbox {
  /// Whether the flags make sense for the project in `root` (a path that
  /// cannot be a permission is an error here, at startup).
  pub fn check(&self, root: &Path) -> Result<(), String> {
    let parser = RuntimePermissionDescriptorParser::new(ProjectSys::new(root));
    Permissions::from_options(&parser, &self.options(root))
      .map(drop)
      .map_err(|e| e.to_string())
  }

  fn options(&self, root: &Path) -> PermissionsOptions {
    let paths =
      |list: &[PathBuf]| list.iter().map(|p| p.display().to_string()).collect();
    let mut read: Vec<String> = vec![root.display().to_string()];
    read.extend(paths(&self.read));
    PermissionsOptions {
      allow_read: Some(read),
      allow_write: self.write.as_deref().map(paths),
      allow_run: self.run.clone(),
      allow_net: Some(vec![]),
      allow_env: Some(vec![]),
      allow_sys: Some(ALLOWED_SYS.iter().map(|s| (*s).to_owned()).collect()),
      prompt: false,
      ..Default::default()
    }
  }
}

/// Permissions for an isolate serving a route on `runtime` of the project
/// in `root`.
pub fn route_permissions(
  root: &Path,
  sandbox: &Sandbox,
  runtime: Runtime,
) -> PermissionsContainer {
  let parser = Arc::new(RuntimePermissionDescriptorParser::new(
    ProjectSys::new(root),
  ));
  let permissions = match runtime {
    Runtime::Edge => edge(),
    Runtime::NodeJs => {
      match Permissions::from_options(parser.as_ref(), &sandbox.options(root)) {
        Ok(permissions) => permissions,
        Err(error) => {
          // The app checked the flags at startup (`Sandbox::check`).
          tracing::error!(
            "sandbox flags rejected, allowing only the network: {error}"
          );
          edge()
        }
      }
    }
  };
  PermissionsContainer::new(parser, permissions)
}

fn edge() -> Permissions {
  let mut permissions = Permissions::none_without_prompt();
  permissions.net = UnaryPermission::allow_all();
  permissions
}

/// The system as the permission checks see it: real, except that the
/// working directory is the project root.
#[derive(Debug, Clone)]
struct ProjectSys {
  root: Arc<Path>,
}

impl ProjectSys {
  fn new(root: &Path) -> ProjectSys {
    ProjectSys { root: root.into() }
  }
}

impl sys_traits::EnvCurrentDir for ProjectSys {
  fn env_current_dir(&self) -> std::io::Result<PathBuf> {
    Ok(self.root.to_path_buf())
  }
}

impl sys_traits::BaseEnvVar for ProjectSys {
  fn base_env_var_os(
    &self,
    key: &std::ffi::OsStr,
  ) -> Option<std::ffi::OsString> {
    RealSys.base_env_var_os(key)
  }
}

impl sys_traits::EnvHomeDir for ProjectSys {
  fn env_home_dir(&self) -> Option<PathBuf> {
    RealSys.env_home_dir()
  }
}

impl sys_traits::BaseFsReadDir for ProjectSys {
  type ReadDirEntry = <RealSys as sys_traits::BaseFsReadDir>::ReadDirEntry;

  fn base_fs_read_dir(
    &self,
    path: &Path,
  ) -> std::io::Result<
    Box<dyn Iterator<Item = std::io::Result<Self::ReadDirEntry>>>,
  > {
    RealSys.base_fs_read_dir(&self.root.join(path))
  }
}

impl sys_traits::BaseFsMetadata for ProjectSys {
  type Metadata = <RealSys as sys_traits::BaseFsMetadata>::Metadata;

  fn base_fs_metadata(&self, path: &Path) -> std::io::Result<Self::Metadata> {
    RealSys.base_fs_metadata(&self.root.join(path))
  }

  fn base_fs_symlink_metadata(
    &self,
    path: &Path,
  ) -> std::io::Result<Self::Metadata> {
    RealSys.base_fs_symlink_metadata(&self.root.join(path))
  }
}

impl sys_traits::BaseFsCanonicalize for ProjectSys {
  fn base_fs_canonicalize(&self, path: &Path) -> std::io::Result<PathBuf> {
    RealSys.base_fs_canonicalize(&self.root.join(path))
  }
}
