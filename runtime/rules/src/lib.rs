//! next.config's rules as `next start` applies them in front of a route.
#![deny(missing_docs)]
