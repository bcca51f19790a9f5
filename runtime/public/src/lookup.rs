//! Matching a request path against the scanned files, as next start does
//! (`getItem` in `server/lib/router-utils/filesystem.js`, then the path
//! checks of the `send` package).

use std::sync::Arc;

use crate::scan::{FileEntry, PublicDir, PublicFile, Target};
use crate::uri::{
  decode_uri_component, encode_uri_path, normalize_request_path,
};

impl PublicDir {
  /// The file served at the URL path `path` (as received: percent-encoded,
  /// starting with `/`, basePath already removed; a query is ignored),
  /// decoded and matched as Next matches it; `None` if there is none.
  ///
  /// As in next start: `.`/`..` segments (also as `%2e`) are resolved
  /// first, as URL parsing does; one trailing `/` is dropped; the path is
  /// tried as is, then decoded (so `/a%2520b.txt` and `/nested%2Fdeep.css`
  /// match), then with each segment encoded (so `/[slug].txt` matches);
  /// escapes are case-sensitive (`%5b` does not match a `[` file). Encoded
  /// `..` or `%2f` never lead outside the folder: only scanned files are
  /// served. Paths holding `//` or `\` give `None`: next start answers
  /// them with a 308 redirect before it looks at public files.
  ///
  /// A `Some` whose [`PublicFile::url_path`] is `None` is a match Next
  /// refuses to send (a dotfile such as `/.env`, `/100%.txt`): [`crate::serve`]
  /// answers it as next start does, with its 500 answer.
  pub fn lookup(&self, path: &str) -> Option<PublicFile> {
    let before_query = &path[..path.find(['?', '#']).unwrap_or(path.len())];
    if before_query.contains("//") || before_query.contains('\\') {
      return None;
    }
    let mut item = normalize_request_path(before_query);
    if item != "/" && item.ends_with('/') {
      item.pop();
    }
    let decoded = decode_uri_component(&item);
    let matched = if self.files.contains_key(&item) {
      item
    } else if let Some(decoded) = decoded.filter(|d| self.files.contains_key(d))
    {
      decoded
    } else if self.files.contains_key(&encode_uri_path(&item)) {
      item
    } else {
      return None;
    };
    let target = match self.sent_file(&matched) {
      Some(entry) => Target::File(entry),
      None => Target::Refused,
    };
    Some(PublicFile { target })
  }

  /// The file `send` opens for the matched path: it decodes the path once
  /// more, refuses a NUL, a path leaving the root and a last segment
  /// starting with `.`, and (unlike Next, which would stat the disk) only
  /// opens a scanned file.
  fn sent_file(&self, matched: &str) -> Option<Arc<FileEntry>> {
    let decoded = decode_uri_component(matched)?;
    if decoded.contains('\0') {
      return None;
    }
    let mut segments: Vec<&str> = Vec::new();
    for segment in decoded.split('/') {
      match segment {
        "" | "." => {}
        ".." => {
          segments.pop()?;
        }
        other => segments.push(other),
      }
    }
    if decoded.ends_with('/') || segments.last()?.starts_with('.') {
      return None;
    }
    let rel = format!("/{}", segments.join("/"));
    self.files.get(&encode_uri_path(&rel)).cloned()
  }
}
