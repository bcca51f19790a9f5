//! Tag invalidations as Next.js 16 keeps them: per tag, when it was last
//! marked stale (`revalidateTag(tag, profile)`: served stale, refreshed in
//! the background), when it last expired (`revalidateTag(tag, { expire: 0
//! })`, `revalidatePath`: the next read misses), and when a profile's
//! `expire` makes it expire later (`cacheLife` profiles: entries stored
//! before that time are gone once it comes). An entry stored before a mark
//! is stale or gone.

use std::collections::HashMap;

/// Per tag, the last marks (ms since the epoch).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TagTimes {
  tags: HashMap<String, Marks>,
}

/// A tag's marks.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Marks {
  /// Entries stored before this are stale.
  pub stale: Option<u64>,
  /// Entries stored before this are gone.
  pub expired: Option<u64>,
  /// Entries stored before this are gone once it has passed (a time to
  /// come when marked: a profile's `expire`).
  pub expires: Option<u64>,
}

impl Marks {
  /// The text a store keeps: `stale:expired:expires`, empty for none.
  pub fn encode(self) -> String {
    let field = |t: Option<u64>| t.map(|t| t.to_string()).unwrap_or_default();
    format!(
      "{}:{}:{}",
      field(self.stale),
      field(self.expired),
      field(self.expires)
    )
  }

  /// Marks from [`Marks::encode`]'s text (or the older `stale:expired`).
  pub fn decode(text: &str) -> Option<Marks> {
    let mut parts = text.split(':');
    let field = |t: Option<&str>| match t {
      None | Some("") => Some(None),
      Some(t) => t.parse().ok().map(Some),
    };
    let stale = field(Some(parts.next()?))?;
    let expired = field(Some(parts.next()?))?;
    let expires = field(parts.next())?;
    if parts.next().is_some() {
      return None;
    }
    Some(Marks {
      stale,
      expired,
      expires,
    })
  }
}

impl TagTimes {
  /// Marks `tag`: the later stale and expired times win (marks may
  /// arrive twice). A profile's `expire` is replaced, as Next.js replaces
  /// it, by a newer profile's (a newer stale mark) and dropped by a newer
  /// hard expiry.
  pub fn mark(&mut self, tag: &str, new: Marks) {
    let marks = self.tags.entry(tag.to_owned()).or_default();
    if let Some(at) = new.expired
      && marks.expired.is_none_or(|old| at > old)
      && marks.stale.is_none_or(|stale| stale <= at)
    {
      marks.expires = None;
    }
    match (new.stale, marks.stale) {
      (Some(at), Some(old)) if at == old => {
        marks.expires = marks.expires.max(new.expires);
      }
      (Some(at), old)
        if old.is_none_or(|old| at > old) && new.expires.is_some() =>
      {
        marks.expires = new.expires;
      }
      _ => {}
    }
    marks.stale = marks.stale.max(new.stale);
    marks.expired = marks.expired.max(new.expired);
  }

  /// Every tag with its marks.
  pub fn iter(&self) -> impl Iterator<Item = (&str, Marks)> {
    self.tags.iter().map(|(tag, marks)| (tag.as_str(), *marks))
  }

  /// A tag's marks.
  pub fn get(&self, tag: &str) -> Marks {
    self.tags.get(tag).copied().unwrap_or_default()
  }

  /// Whether any of `tags` expired, by `now`, at or after `stored_at`.
  pub fn expired_since(
    &self,
    tags: &[String],
    stored_at: u64,
    now: u64,
  ) -> bool {
    tags.iter().any(|t| {
      let marks = self.get(t);
      marks.expired.is_some_and(|at| at >= stored_at)
        || marks.expires.is_some_and(|at| at >= stored_at && at <= now)
    })
  }

  /// Whether any of `tags` was marked stale at or after `stored_at`.
  pub fn stale_since(&self, tags: &[String], stored_at: u64) -> bool {
    tags
      .iter()
      .any(|t| self.get(t).stale.is_some_and(|at| at >= stored_at))
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn marks(
    stale: Option<u64>,
    expired: Option<u64>,
    expires: Option<u64>,
  ) -> Marks {
    Marks {
      stale,
      expired,
      expires,
    }
  }

  #[test]
  fn marks_round_trip_and_the_later_wins() {
    for m in [
      Marks::default(),
      marks(Some(5), None, None),
      marks(None, Some(7), None),
      marks(Some(1), Some(2), Some(9)),
    ] {
      assert_eq!(Marks::decode(&m.encode()), Some(m));
    }
    assert_eq!(Marks::decode("3:4"), Some(marks(Some(3), Some(4), None)));
    assert_eq!(Marks::decode("x:1"), None);
    assert_eq!(Marks::decode("1:2:3:4"), None);
    let mut tags = TagTimes::default();
    tags.mark("a", marks(Some(10), None, Some(20)));
    tags.mark("a", marks(Some(5), Some(3), None));
    assert_eq!(tags.get("a"), marks(Some(10), Some(3), Some(20)));
    tags.mark("a", marks(Some(10), Some(3), Some(20)));
    assert_eq!(tags.get("a"), marks(Some(10), Some(3), Some(20)), "again");
  }

  #[test]
  fn a_newer_profile_replaces_the_expire_and_a_hard_expiry_drops_it() {
    let mut tags = TagTimes::default();
    // 'max' at 1000 (gone in a year), then a 3 s profile at 2000.
    tags.mark("a", marks(Some(1000), None, Some(1000 + 31_536_000_000)));
    tags.mark("a", marks(Some(2000), None, Some(5000)));
    assert_eq!(tags.get("a").expires, Some(5000));
    // A profile without `expire` keeps it.
    tags.mark("a", marks(Some(2500), None, None));
    assert_eq!(tags.get("a").expires, Some(5000));
    // `expire: 0` at 3000: gone now, and the later expiry with it.
    tags.mark("a", marks(None, Some(3000), None));
    assert_eq!(tags.get("a"), marks(Some(2500), Some(3000), None));
  }

  #[test]
  fn a_profile_expire_takes_effect_when_it_comes() {
    let mut tags = TagTimes::default();
    let a = ["a".to_owned()];
    // revalidateTag at 1000 with `expire: 3`: stale now, gone at 4000 for
    // whatever was stored before then.
    tags.mark("a", marks(Some(1000), None, Some(4000)));
    assert!(tags.stale_since(&a, 900));
    assert!(!tags.expired_since(&a, 900, 3999));
    assert!(tags.expired_since(&a, 900, 4000));
    assert!(tags.expired_since(&a, 2000, 4500), "stored before it came");
    assert!(!tags.expired_since(&a, 4100, 4500), "stored after it came");
  }
}
