//! Tag invalidations as Next.js 16 keeps them: per tag, when it was last
//! marked stale (`revalidateTag(tag, 'max')`: served stale, refreshed in
//! the background) and when it last expired (`revalidateTag(tag, {
//! expire: 0 })`, `revalidatePath`: the next read misses). An entry stored
//! before either time is stale or gone.

use std::collections::HashMap;

/// Per tag, the last stale and expired marks (ms since the epoch).
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
}

impl Marks {
  /// The text a store keeps: `stale:expired`, empty for none.
  pub fn encode(self) -> String {
    let field = |t: Option<u64>| t.map(|t| t.to_string()).unwrap_or_default();
    format!("{}:{}", field(self.stale), field(self.expired))
  }

  /// Marks from [`Marks::encode`]'s text.
  pub fn decode(text: &str) -> Option<Marks> {
    let (stale, expired) = text.split_once(':')?;
    let field = |t: &str| match t {
      "" => Some(None),
      t => t.parse().ok().map(Some),
    };
    Some(Marks {
      stale: field(stale)?,
      expired: field(expired)?,
    })
  }
}

impl TagTimes {
  /// Marks `tag` (the later time wins, so marks may arrive in any order
  /// and twice).
  pub fn mark(&mut self, tag: &str, stale: Option<u64>, expired: Option<u64>) {
    let marks = self.tags.entry(tag.to_owned()).or_default();
    marks.stale = marks.stale.max(stale);
    marks.expired = marks.expired.max(expired);
  }

  /// Every tag with its marks.
  pub fn iter(&self) -> impl Iterator<Item = (&str, Marks)> {
    self.tags.iter().map(|(tag, marks)| (tag.as_str(), *marks))
  }

  /// A tag's marks.
  pub fn get(&self, tag: &str) -> Marks {
    self.tags.get(tag).copied().unwrap_or_default()
  }

  /// Whether any of `tags` expired at or after `stored_at`.
  pub fn expired_since(&self, tags: &[String], stored_at: u64) -> bool {
    tags
      .iter()
      .any(|t| self.get(t).expired.is_some_and(|at| at >= stored_at))
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

  #[test]
  fn marks_round_trip_and_the_later_wins() {
    for marks in [
      Marks::default(),
      Marks {
        stale: Some(5),
        expired: None,
      },
      Marks {
        stale: None,
        expired: Some(7),
      },
      Marks {
        stale: Some(1),
        expired: Some(2),
      },
    ] {
      assert_eq!(Marks::decode(&marks.encode()), Some(marks));
    }
    assert_eq!(Marks::decode("x:1"), None);
    let mut tags = TagTimes::default();
    tags.mark("a", Some(10), None);
    tags.mark("a", Some(5), Some(3));
    assert_eq!(
      tags.get("a"),
      Marks {
        stale: Some(10),
        expired: Some(3)
      }
    );
  }
}
