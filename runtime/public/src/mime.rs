//! Content types, as `next start` answers them for public files.
//!
//! Next serves public files with the `send` package, whose type table is
//! `mime` 1.6 (built on mime-db), plus four types Next adds itself in
//! `server/serve-static.js` (`avif`, `icns`, `jxl`, `heic`). The table below
//! lists the extensions a web project commonly ships; every entry was checked
//! against what Next's own lookup answers (the answers are kept in
//! `tests/mime-answers.json` and a test compares them). An extension that is
//! not listed gets `application/octet-stream`, which is also what Next
//! answers for an extension its table lacks (e.g. `cjs`, `toml`, `heif`).
//! Extensions of the much longer mime-db list that are not here are answered
//! `application/octet-stream` where Next would give their registered type.

/// Extension (lower case, no dot) → content type without parameters, sorted
/// by extension for the binary search. Source: mime@1.6.0's table as bundled
/// by next@16.4.6 (`dist/compiled/send`), except `avif`, `icns`, `jxl` and
/// `heic`, which come from Next's own additions in `server/serve-static.js`.
const TYPES: &[(&str, &str)] = &[
  ("3gp", "video/3gpp"),
  ("7z", "application/x-7z-compressed"),
  ("aac", "audio/x-aac"),
  ("ai", "application/postscript"),
  ("aif", "audio/x-aiff"),
  ("aiff", "audio/x-aiff"),
  ("apk", "application/vnd.android.package-archive"),
  ("apng", "image/apng"),
  ("appcache", "text/cache-manifest"),
  ("asc", "application/pgp-signature"),
  ("atom", "application/atom+xml"),
  ("avi", "video/x-msvideo"),
  ("avif", "image/avif"),
  ("bmp", "image/bmp"),
  ("bz2", "application/x-bzip2"),
  ("c", "text/x-c"),
  ("cer", "application/pkix-cert"),
  ("coffee", "text/coffeescript"),
  ("conf", "text/plain"),
  ("cpp", "text/x-c"),
  ("crt", "application/x-x509-ca-cert"),
  ("crx", "application/x-chrome-extension"),
  ("css", "text/css"),
  ("csv", "text/csv"),
  ("der", "application/x-x509-ca-cert"),
  ("doc", "application/msword"),
  (
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  ),
  ("eot", "application/vnd.ms-fontobject"),
  ("eps", "application/postscript"),
  ("epub", "application/epub+zip"),
  ("flac", "audio/x-flac"),
  ("flv", "video/x-flv"),
  ("geojson", "application/geo+json"),
  ("gif", "image/gif"),
  ("glb", "model/gltf-binary"),
  ("gltf", "model/gltf+json"),
  ("gpx", "application/gpx+xml"),
  ("gz", "application/gzip"),
  ("h", "text/x-c"),
  ("hbs", "text/x-handlebars-template"),
  ("heic", "image/heic"),
  ("htm", "text/html"),
  ("html", "text/html"),
  ("icns", "image/x-icns"),
  ("ico", "image/x-icon"),
  ("ics", "text/calendar"),
  ("ini", "text/plain"),
  ("jar", "application/java-archive"),
  ("java", "text/x-java-source"),
  ("jpe", "image/jpeg"),
  ("jpeg", "image/jpeg"),
  ("jpg", "image/jpeg"),
  ("js", "application/javascript"),
  ("json", "application/json"),
  ("json5", "application/json5"),
  ("jsonld", "application/ld+json"),
  ("jsx", "text/jsx"),
  ("jxl", "image/jxl"),
  ("kml", "application/vnd.google-earth.kml+xml"),
  ("kmz", "application/vnd.google-earth.kmz"),
  ("less", "text/less"),
  ("log", "text/plain"),
  ("m3u8", "application/vnd.apple.mpegurl"),
  ("m4a", "audio/mp4"),
  ("m4v", "video/x-m4v"),
  ("manifest", "text/cache-manifest"),
  ("map", "application/json"),
  ("markdown", "text/markdown"),
  ("md", "text/markdown"),
  ("mid", "audio/midi"),
  ("midi", "audio/midi"),
  ("mjs", "application/javascript"),
  ("mka", "audio/x-matroska"),
  ("mkv", "video/x-matroska"),
  ("mov", "video/quicktime"),
  ("mp3", "audio/mpeg"),
  ("mp4", "video/mp4"),
  ("mpd", "application/dash+xml"),
  ("mpeg", "video/mpeg"),
  ("mpg", "video/mpeg"),
  ("obj", "application/x-tgif"),
  ("odp", "application/vnd.oasis.opendocument.presentation"),
  ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
  ("odt", "application/vnd.oasis.opendocument.text"),
  ("oga", "audio/ogg"),
  ("ogg", "audio/ogg"),
  ("ogv", "video/ogg"),
  ("otf", "font/otf"),
  ("p12", "application/x-pkcs12"),
  ("pdf", "application/pdf"),
  ("pem", "application/x-x509-ca-cert"),
  ("pfx", "application/x-pkcs12"),
  ("php", "application/x-httpd-php"),
  ("pl", "application/x-perl"),
  ("png", "image/png"),
  ("ppt", "application/vnd.ms-powerpoint"),
  (
    "pptx",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation",
  ),
  ("ps", "application/postscript"),
  ("psd", "image/vnd.adobe.photoshop"),
  ("rar", "application/x-rar-compressed"),
  ("rpm", "application/x-redhat-package-manager"),
  ("rs", "application/rls-services+xml"),
  ("rss", "application/rss+xml"),
  ("rtf", "application/rtf"),
  ("sass", "text/x-sass"),
  ("scss", "text/x-scss"),
  ("sh", "application/x-sh"),
  ("shtml", "text/html"),
  ("sig", "application/pgp-signature"),
  ("srt", "application/x-subrip"),
  ("stl", "application/vnd.ms-pki.stl"),
  ("sub", "text/vnd.dvb.subtitle"),
  ("svg", "image/svg+xml"),
  ("svgz", "image/svg+xml"),
  ("swf", "application/x-shockwave-flash"),
  ("tar", "application/x-tar"),
  ("text", "text/plain"),
  ("tif", "image/tiff"),
  ("tiff", "image/tiff"),
  ("ts", "video/mp2t"),
  ("tsv", "text/tab-separated-values"),
  ("ttf", "font/ttf"),
  ("txt", "text/plain"),
  ("vcf", "text/x-vcard"),
  ("vtt", "text/vtt"),
  ("wasm", "application/wasm"),
  ("wav", "audio/wav"),
  ("weba", "audio/webm"),
  ("webapp", "application/x-web-app-manifest+json"),
  ("webm", "video/webm"),
  ("webmanifest", "application/manifest+json"),
  ("webp", "image/webp"),
  ("wma", "audio/x-ms-wma"),
  ("wmv", "video/x-ms-wmv"),
  ("woff", "font/woff"),
  ("woff2", "font/woff2"),
  ("xhtml", "application/xhtml+xml"),
  ("xls", "application/vnd.ms-excel"),
  (
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  ),
  ("xml", "application/xml"),
  ("xpi", "application/x-xpinstall"),
  ("xsl", "application/xml"),
  ("xz", "application/x-xz"),
  ("yaml", "text/yaml"),
  ("yml", "text/yaml"),
  ("zip", "application/zip"),
];

/// The type given when the extension is unknown (mime's default type).
const DEFAULT_TYPE: &str = "application/octet-stream";

/// The "extension" as `mime` 1.6 takes it: everything after the last `.`,
/// `/` or `\` of the file name, lower-cased. A name without a dot is its own
/// extension (a file named `js` is JavaScript).
fn extension(file_name: &str) -> String {
  let start = file_name.rfind(['.', '/', '\\']).map_or(0, |i| i + 1);
  file_name[start..].to_ascii_lowercase()
}

/// Whether Next (mime 1.6's charset rule) appends `; charset=UTF-8`: types
/// starting with `text/`, `application/javascript` or `application/json`.
fn has_utf8_charset(mime: &str) -> bool {
  mime.starts_with("text/")
    || mime.starts_with("application/javascript")
    || mime.starts_with("application/json")
}

/// The `Content-Type` header value Next sends for a public file named
/// `file_name` (its last path segment, or the whole path).
pub(crate) fn content_type(file_name: &str) -> String {
  let ext = extension(file_name);
  let mime = TYPES
    .binary_search_by(|(e, _)| (*e).cmp(ext.as_str()))
    .map_or(DEFAULT_TYPE, |i| TYPES[i].1);
  if has_utf8_charset(mime) {
    format!("{mime}; charset=UTF-8")
  } else {
    mime.to_owned()
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn table_is_sorted_and_unique() {
    for pair in TYPES.windows(2) {
      assert!(pair[0].0 < pair[1].0, "{:?} before {:?}", pair[0], pair[1]);
    }
  }

  #[test]
  fn extension_rules() {
    assert_eq!(content_type("/a/b.TXT"), "text/plain; charset=UTF-8");
    assert_eq!(content_type("README"), DEFAULT_TYPE);
    assert_eq!(content_type("js"), "application/javascript; charset=UTF-8");
    assert_eq!(content_type("archive.tar.gz"), "application/gzip");
    assert_eq!(content_type("x."), DEFAULT_TYPE);
  }
}
