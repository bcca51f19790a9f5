//! One pass over a path for a whole list of rules: the path regexes that
//! the `regex` crate can run (all but lookaround and backreferences) go
//! into a `RegexSet`, so a request that matches none of them pays one
//! automaton run instead of a regex per rule. A rule the set cannot hold
//! is always a candidate. The set is only a filter: every candidate is
//! still matched by its own regex, with its params, `has` and `missing`.

use crate::route::Route;

/// A list of rules in their order, with the set over their paths.
#[derive(Debug, Clone)]
pub(crate) struct RuleList {
  routes: Vec<Route>,
  set: Option<regex::RegexSet>,
  /// For each rule, its pattern's index in `set`, or `None` when the set
  /// does not hold it.
  slot: Vec<Option<usize>>,
}

/// Which rules of a list may match one path.
pub(crate) struct Candidates<'a> {
  matched: Option<regex::SetMatches>,
  slot: &'a [Option<usize>],
}

impl Candidates<'_> {
  /// Whether rule `index` may match (false only when the set says no).
  pub(crate) fn may_match(&self, index: usize) -> bool {
    match (self.slot.get(index).copied().flatten(), &self.matched) {
      (Some(at), Some(matched)) => matched.matched(at),
      _ => true,
    }
  }
}

/// The pattern the set runs for `source`: the same, without the negative
/// lookahead Next puts in front of every redirect (`(?!/_next)`). Dropping
/// a negative lookahead only widens the pattern, so the set still never
/// rules out a path the rule's own regex would match.
fn filter_source(source: &str) -> String {
  source.replacen("^(?!\\/_next)", "^", 1)
}

impl RuleList {
  pub(crate) fn new(routes: Vec<Route>) -> RuleList {
    let mut sources = Vec::new();
    let mut slot = Vec::with_capacity(routes.len());
    for route in &routes {
      let source = filter_source(route.source());
      if regex::Regex::new(&source).is_ok() {
        slot.push(Some(sources.len()));
        sources.push(source);
      } else {
        slot.push(None);
      }
    }
    let set = if sources.is_empty() {
      None
    } else {
      regex::RegexSet::new(&sources).ok()
    };
    if set.is_none() {
      slot.iter_mut().for_each(|at| *at = None);
    }
    RuleList { routes, set, slot }
  }

  pub(crate) fn routes(&self) -> &[Route] {
    &self.routes
  }

  /// The rules that may match `path`.
  pub(crate) fn candidates(&self, path: &str) -> Candidates<'_> {
    Candidates {
      matched: self.set.as_ref().map(|set| set.matches(path)),
      slot: &self.slot,
    }
  }
}

#[cfg(test)]
mod tests {
  use super::filter_source;

  #[test]
  fn redirect_sources_reach_the_set_without_their_lookahead() {
    let source = "(?i)^(?!\\/_next)\\/blog(?:\\/(\\d{4}))(?:\\/)?$";
    assert!(regex::Regex::new(source).is_err(), "lookaround is refused");
    let filter = regex::Regex::new(&filter_source(source)).expect("filter");
    assert!(filter.is_match("/blog/2024"));
    assert!(!filter.is_match("/api/hello"));
    // Only a prefix is dropped: a lookahead elsewhere stays (and keeps the
    // rule out of the set).
    let inner = "(?i)^\\/(?!api).*$";
    assert_eq!(filter_source(inner), inner);
  }
}
