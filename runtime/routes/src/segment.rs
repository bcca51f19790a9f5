//! URL segments and the classification of `app/` folder names.

use std::fmt;

/// One URL segment of a route, as given by one folder of the `app/` tree.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Segment {
  /// A literal segment (`blog`, `rss.xml`). Holds the URL form of the
  /// folder name: a folder `%5Fname` gives `_name`.
  Static(String),
  /// `[name]`: exactly one non-empty URL segment.
  Dynamic(String),
  /// `[...name]`: one or more URL segments; must be the last segment.
  CatchAll(String),
  /// `[[...name]]`: zero or more URL segments; must be the last segment.
  OptionalCatchAll(String),
}

impl Segment {
  /// Parses one URL-visible folder name (not a group, private, slot or
  /// intercepting folder).
  ///
  /// The error is a human readable reason, worded like Next.js where
  /// Next.js has a message for it.
  ///
  /// # Errors
  ///
  /// The reason the name is not a valid segment (`[]`, `[[x]]`, `a[b]`,
  /// …).
  pub fn parse(folder: &str) -> Result<Segment, String> {
    if folder.is_empty() {
      return Err("Segment names may not be empty.".to_owned());
    }
    if let Some(inner) = folder
      .strip_prefix('[')
      .and_then(|rest| rest.strip_suffix(']'))
    {
      // Same steps as Next.js `UrlNode._insert`.
      let (mut name, optional) = match inner
        .strip_prefix('[')
        .and_then(|rest| rest.strip_suffix(']'))
      {
        Some(name) => (name, true),
        None => (inner, false),
      };
      let catch_all = match name.strip_prefix("...") {
        Some(rest) => {
          name = rest;
          true
        }
        None => false,
      };
      check_param_name(name)?;
      return Ok(match (catch_all, optional) {
        (false, false) => Segment::Dynamic(name.to_owned()),
        (true, false) => Segment::CatchAll(name.to_owned()),
        (true, true) => Segment::OptionalCatchAll(name.to_owned()),
        (false, true) => {
          return Err(format!(
            "Optional route parameters are not yet supported (\"{folder}\")."
          ));
        }
      });
    }
    if folder.contains(['[', ']']) {
      return Err(format!(
        "A dynamic segment must be the whole folder name, like [name], [...name] or \
                 [[...name]] (found \"{folder}\")."
      ));
    }
    // Next.js: "prefix the folder name with %5F (the URL-encoded form of an
    // underscore)" to get a URL segment that starts with `_`.
    let name = match folder
      .strip_prefix("%5F")
      .or_else(|| folder.strip_prefix("%5f"))
    {
      Some(rest) => format!("_{rest}"),
      None => folder.to_owned(),
    };
    Ok(Segment::Static(name))
  }

  /// Checks a segment that was built by hand (not by [`Segment::parse`]).
  ///
  /// # Errors
  ///
  /// The reason the segment is invalid (empty name, brackets or `/` in a
  /// name).
  pub fn validate(&self) -> Result<(), String> {
    match self {
      Segment::Static(name) => {
        if name.is_empty() {
          Err("Static segments may not be empty.".to_owned())
        } else if name.contains('/') {
          Err(format!("Static segments may not contain '/' (\"{name}\")."))
        } else {
          Ok(())
        }
      }
      Segment::Dynamic(name)
      | Segment::CatchAll(name)
      | Segment::OptionalCatchAll(name) => check_param_name(name),
    }
  }

  /// The folder name (static) or the parameter name (dynamic kinds).
  pub fn name(&self) -> &str {
    match self {
      Segment::Static(name)
      | Segment::Dynamic(name)
      | Segment::CatchAll(name)
      | Segment::OptionalCatchAll(name) => name,
    }
  }

  /// Whether this is `[...x]` or `[[...x]]`.
  pub fn is_catch_all(&self) -> bool {
    matches!(self, Segment::CatchAll(_) | Segment::OptionalCatchAll(_))
  }
}

impl fmt::Display for Segment {
  fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
    match self {
      Segment::Static(name) => f.write_str(name),
      Segment::Dynamic(name) => write!(f, "[{name}]"),
      Segment::CatchAll(name) => write!(f, "[...{name}]"),
      Segment::OptionalCatchAll(name) => write!(f, "[[...{name}]]"),
    }
  }
}

/// Checks a parameter name with the rules of Next.js (plus: not empty, no
/// brackets at all, no `/`).
fn check_param_name(name: &str) -> Result<(), String> {
  if name.is_empty() {
    return Err(
      "Segment names may not be empty (a parameter needs a name).".to_owned(),
    );
  }
  if name.starts_with('[') || name.ends_with(']') {
    return Err(format!(
      "Segment names may not start or end with extra brackets ('{name}')."
    ));
  }
  if name.starts_with('.') {
    return Err(format!(
      "Segment names may not start with erroneous periods ('{name}')."
    ));
  }
  if name.contains(['[', ']', '/']) {
    return Err(format!(
      "Segment names may not contain brackets or slashes ('{name}')."
    ));
  }
  Ok(())
}

/// The URL pattern of a list of segments: `/blog/[...slug]`, or `/` for none.
pub fn pattern_of(segments: &[Segment]) -> String {
  if segments.is_empty() {
    return "/".to_owned();
  }
  let mut pattern = String::new();
  for segment in segments {
    pattern.push('/');
    // Writing to a String cannot fail.
    let _ = fmt::Write::write_fmt(&mut pattern, format_args!("{segment}"));
  }
  pattern
}

/// What a folder of the `app/` tree means for the URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FolderKind<'a> {
  /// Not routable, and nothing below it is: `_private`, `@slot`,
  /// intercepting `(.)x` / `(..)x` / `(...)x`, `node_modules`. Dot folders
  /// (`.well-known`) are ordinary segments, as in Next.js.
  Skip,
  /// A route group `(name)`: routable, but invisible in the URL.
  Group,
  /// A URL segment; parse it with [`Segment::parse`].
  Segment(&'a str),
}

/// Classifies one folder name of the `app/` tree.
pub fn classify_folder(name: &str) -> FolderKind<'_> {
  if name.is_empty()
    || name == "node_modules"
    || name.starts_with('_')
    || name.starts_with('@')
    || name.starts_with("(.)")
    || name.starts_with("(..)")
    || name.starts_with("(...)")
  {
    FolderKind::Skip
  } else if name.starts_with('(') && name.ends_with(')') {
    FolderKind::Group
  } else {
    FolderKind::Segment(name)
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  #[test]
  fn parses_every_kind() {
    assert_eq!(Segment::parse("blog"), Ok(Segment::Static("blog".into())));
    assert_eq!(
      Segment::parse("rss.xml"),
      Ok(Segment::Static("rss.xml".into()))
    );
    assert_eq!(Segment::parse("[id]"), Ok(Segment::Dynamic("id".into())));
    assert_eq!(
      Segment::parse("[...slug]"),
      Ok(Segment::CatchAll("slug".into()))
    );
    assert_eq!(
      Segment::parse("[[...all]]"),
      Ok(Segment::OptionalCatchAll("all".into()))
    );
    assert_eq!(
      Segment::parse("%5Fhidden"),
      Ok(Segment::Static("_hidden".into()))
    );
    assert_eq!(
      Segment::parse("%5fhidden"),
      Ok(Segment::Static("_hidden".into()))
    );
    assert_eq!(Segment::parse("a%5Fb"), Ok(Segment::Static("a%5Fb".into())));
  }

  #[test]
  fn rejects_bad_names() {
    for bad in [
      "[]", "[...]", "[[...]]", "[[x]]", "[[...x]", "[.x]", "[....x]", "a[b]",
      "[x].json", "[a]b]", "[",
    ] {
      assert!(Segment::parse(bad).is_err(), "{bad} should be rejected");
    }
    let err = Segment::parse("[[x]]").err().unwrap_or_default();
    assert!(err.contains("Optional route parameters are not yet supported"));
    let err = Segment::parse("[[...x]").err().unwrap_or_default();
    assert!(err.contains("extra brackets"), "{err}");
    let err = Segment::parse("[.x]").err().unwrap_or_default();
    assert!(err.contains("erroneous periods"), "{err}");
  }

  #[test]
  fn classifies_folders() {
    assert_eq!(classify_folder("(marketing)"), FolderKind::Group);
    assert_eq!(classify_folder("_lib"), FolderKind::Skip);
    assert_eq!(classify_folder("@modal"), FolderKind::Skip);
    assert_eq!(classify_folder("(.)photo"), FolderKind::Skip);
    assert_eq!(classify_folder("(..)photo"), FolderKind::Skip);
    assert_eq!(classify_folder("(..)(..)photo"), FolderKind::Skip);
    assert_eq!(classify_folder("(...)photo"), FolderKind::Skip);
    assert_eq!(
      classify_folder(".well-known"),
      FolderKind::Segment(".well-known")
    );
    assert_eq!(classify_folder("node_modules"), FolderKind::Skip);
    assert_eq!(classify_folder("%5Fx"), FolderKind::Segment("%5Fx"));
    assert_eq!(
      classify_folder("feed.json"),
      FolderKind::Segment("feed.json")
    );
  }

  #[test]
  fn patterns_and_validation() {
    assert_eq!(pattern_of(&[]), "/");
    let segs = [
      Segment::Static("blog".into()),
      Segment::Dynamic("id".into()),
      Segment::CatchAll("rest".into()),
    ];
    assert_eq!(pattern_of(&segs), "/blog/[id]/[...rest]");
    assert_eq!(
      pattern_of(&[Segment::OptionalCatchAll("x".into())]),
      "/[[...x]]"
    );
    assert!(Segment::Static(String::new()).validate().is_err());
    assert!(Segment::Static("a/b".into()).validate().is_err());
    assert!(Segment::Dynamic(String::new()).validate().is_err());
    assert!(Segment::CatchAll("[x]".into()).validate().is_err());
    assert!(Segment::Dynamic("id".into()).validate().is_ok());
  }
}
