//! What route code may reach through deno_fetch: the network, nothing on
//! disk (`fetch("file://...")` is denied).

use std::sync::Arc;

use deno_permissions::{
  Permissions, PermissionsContainer, RuntimePermissionDescriptorParser,
  UnaryPermission,
};

/// Permissions for a route isolate.
pub fn route_permissions() -> PermissionsContainer {
  let parser = Arc::new(RuntimePermissionDescriptorParser::new(
    sys_traits::impls::RealSys,
  ));
  let mut permissions = Permissions::none_without_prompt();
  permissions.net = UnaryPermission::allow_all();
  PermissionsContainer::new(parser, permissions)
}
