//! The `public/` folder, served as `next start` serves it.
#![deny(missing_docs)]
