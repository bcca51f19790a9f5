//! The `public/` folder, served as `next start` (next@16.4.6) serves it.
//!
//! [`PublicDir::scan`] collects the files once at startup (a file added later
//! is not served, as with next start); [`PublicDir::lookup`] matches a
//! request path as Next does (decoded or not, `%2F` included, never outside
//! the folder); [`serve`] answers GET and HEAD with Next's headers,
//! conditional requests (304) and ranges (206), and everything else with the
//! answer next start gives in an `app/` project.
//!
//! ```no_run
//! # async fn demo() -> Result<(), edgeroute_public::PublicError> {
//! let public = edgeroute_public::PublicDir::scan(std::path::Path::new("my-app/public"))?;
//! if let Some(file) = public.lookup("/a%20b.txt") {
//!     let response = edgeroute_public::serve(&file, &http::Method::GET, &http::HeaderMap::new(), true).await?;
//!     assert_eq!(response.status(), 200);
//! }
//! # Ok(()) }
//! ```
#![deny(missing_docs)]

mod body;
mod cond;
mod dates;
mod error;
mod headers;
mod lookup;
mod mime;
mod open;
mod range;
mod scan;
mod serve;
mod uri;

pub use body::{CHUNK_SIZE, PublicBody};
pub use error::PublicError;
pub use scan::{PublicDir, PublicFile};
pub use serve::{IntendedStatus, serve};

/// The `Content-Type` next start sends for a public file named `file_name`
/// (`text/plain; charset=UTF-8` for `a.txt`, `application/octet-stream` for
/// an unknown extension).
pub fn content_type(file_name: &str) -> String {
  mime::content_type(file_name)
}
