//! The routes of a Next.js `app/` folder: scanning, conflict detection,
//! URL matching and the handler-method rules, as the Next.js 16 app router
//! does them for route handlers. Pure data: no V8, no async runtime, so
//! these tests build and run in seconds.
//!
//! # Scanning ([`scan_app`])
//!
//! * Route handlers are `route.{js,mjs,ts,jsx,tsx}`. Pages
//!   (`page.{js,jsx,ts,tsx,md,mdx}`) are never served, but they are scanned:
//!   Next.js rejects a route and a page at one URL, and a page can take a URL
//!   from a less specific route (see [`RouteTable::build_with_pages`]).
//! * `(group)` folders are invisible in the URL.
//! * Not routable, with everything below them: `_private` folders, `@slot`
//!   parallel-route folders, intercepting folders (`(.)x`, `(..)x`,
//!   `(..)(..)x`, `(...)x`) and `node_modules`. Dot folders (`.well-known`)
//!   are served like any other. Parallel and intercepting routes only make sense for pages,
//!   so route handlers inside them are not served.
//! * A folder `%5Fname` (or `%5fname`) is the URL segment `_name`. Other
//!   percent signs in folder names are literal.
//! * Folders with dots (`rss.xml`, `feed.json`) are ordinary static segments.
//! * `[x]`, `[...x]` and `[[...x]]` are [`Segment::Dynamic`],
//!   [`Segment::CatchAll`] and [`Segment::OptionalCatchAll`]. Bracketed names
//!   Next.js rejects (`[[x]]`, `[.x]`, `[[...x]`) and names it would
//!   misread (`[]`, `[...]`, `a[b]`, `[x].json`) are a
//!   [`RouteError::InvalidSegment`] when the table is built, but only when
//!   a route or page lies below the folder.
//! * Symlinks are followed (loops are cut); names that are not UTF-8 are
//!   ignored. Metadata files (`sitemap.ts`, `icon.tsx`, …) are not routes
//!   here.
//!
//! # Conflicts ([`RouteTable::from_app_dir`], [`RouteTable::build`])
//!
//! Every check of Next.js `getSortedRoutes` and of its duplicate-path checks
//! is a [`RouteError`] whose message uses Next.js' words and names both
//! files: two route files in one folder, a route and a page at one URL, one
//! URL reached through two route groups, different slug names at one
//! dynamic level, a required beside an optional catch-all, `/a` beside
//! `/a/[[...x]]`; and, for one file: a catch-all (optional or not) that is
//! not last, a slug name used twice in one path.
//!
//! # Matching ([`RouteTable::match_path`])
//!
//! A trie is built once; matching is a depth-first search in priority order
//! (static, `[x]`, `[...x]`, `[[...x]]`) with backtracking, which gives the
//! same winner as Next.js' sorted route list. See [`RouteTable::match_path`].

//!
//! # The request URL ([`url`])
//!
//! The canonical path (trailing and repeated slashes, backslashes) and the
//! query as Next.js normalises it for `request.url`.
//!
//! # Handler methods ([`methods`])
//!
//! The one list of the HTTP methods a route module may export, and which
//! exports are handlers: Rust and JS both take it from here.
#![deny(missing_docs)]

mod conflicts;
mod decode;
mod error;
#[doc(hidden)]
pub mod fuzzing;
pub mod methods;
mod scan;
mod segment;
mod trie;
pub mod url;

#[cfg(test)]
mod tests;

pub use error::{ConflictKind, RouteError};
pub use scan::{
  PAGE_EXTENSIONS, ROUTE_EXTENSIONS, RouteFile, ScannedApp, scan_app,
  scan_app_with_pages,
};
pub use segment::Segment;
pub use trie::{MatchError, ParamValue, RouteMatch, RouteTable};
