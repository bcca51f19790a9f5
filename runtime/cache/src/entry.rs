//! A cached entry, how it is stored (bytes any store can hold), and how
//! fresh it is against the clock and its tags.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::{BufMut, Bytes, BytesMut};
use serde::{Deserialize, Serialize};

use crate::tags::TagTimes;

/// What a store holds under a key: the value and what decides its
/// freshness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
  /// The cached bytes (a serialised answer, a function's result, ...).
  #[serde(skip)]
  pub value: Bytes,
  /// Tags an invalidation may name (`revalidateTag`), and the implicit
  /// ones of its path.
  pub tags: Vec<String>,
  /// When it was stored, in milliseconds since the Unix epoch.
  pub stored_at: u64,
  /// Seconds after which it is stale (served while one refresh runs), or
  /// never.
  pub revalidate: Option<u64>,
  /// Seconds after which it is gone (a miss), or never.
  pub expire: Option<u64>,
}

/// What a lookup found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Lookup {
  /// Nothing usable: absent, expired, or dropped by a tag's expiry.
  Miss,
  /// Within its revalidate time and no tag marked it stale.
  Fresh(Entry),
  /// Past its revalidate time, or a tag marked it stale: serve it and
  /// refresh it once.
  Stale(Entry),
}

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> u64 {
  SystemTime::now()
    .duration_since(UNIX_EPOCH)
    .map_or(0, |since| {
      u64::try_from(since.as_millis()).unwrap_or(u64::MAX)
    })
}

/// Stored entries start with this, then the header's length (u32, big
/// endian), the header (JSON), the value's length (u64) and the value: a
/// torn write never decodes to a shorter value.
const MAGIC: &[u8; 4] = b"erc1";

impl Entry {
  /// An entry stored now.
  pub fn new(value: Bytes, tags: Vec<String>) -> Entry {
    Entry {
      value,
      tags,
      stored_at: now_ms(),
      revalidate: None,
      expire: None,
    }
  }

  /// How fresh it is at `now` (ms), given the invalidations of its own
  /// tags and of the reader's `soft` ones.
  pub fn freshness(self, now: u64, tags: &TagTimes, soft: &[String]) -> Lookup {
    let age = now.saturating_sub(self.stored_at);
    let past = |seconds: Option<u64>| {
      seconds.is_some_and(|s| u128::from(age) >= u128::from(s) * 1000)
    };
    if past(self.expire)
      || tags.expired_since(&self.tags, self.stored_at, now)
      || tags.expired_since(soft, self.stored_at, now)
    {
      return Lookup::Miss;
    }
    if past(self.revalidate)
      || tags.stale_since(&self.tags, self.stored_at)
      || tags.stale_since(soft, self.stored_at)
    {
      return Lookup::Stale(self);
    }
    Lookup::Fresh(self)
  }

  /// How long a store should keep it: its expire time from now, if any.
  pub fn time_to_live(&self, now: u64) -> Option<Duration> {
    let expire = self.expire?;
    let end = self.stored_at.saturating_add(expire.saturating_mul(1000));
    Some(Duration::from_millis(end.saturating_sub(now).max(1)))
  }

  /// The bytes a store keeps.
  pub fn encode(&self) -> Bytes {
    // A struct of strings and numbers always serialises.
    let header = serde_json::to_vec(self).unwrap_or_default();
    let mut out = BytesMut::with_capacity(16 + header.len() + self.value.len());
    out.put_slice(MAGIC);
    out.put_u32(u32::try_from(header.len()).unwrap_or(u32::MAX));
    out.put_slice(&header);
    out.put_u64(self.value.len() as u64);
    out.put_slice(&self.value);
    out.freeze()
  }

  /// An entry from stored bytes; `None` for anything else (another
  /// version's format, a torn write): a miss, never an error.
  pub fn decode(bytes: Bytes) -> Option<Entry> {
    if bytes.len() < 8 || &bytes[..4] != MAGIC {
      return None;
    }
    let len = u32::from_be_bytes(bytes[4..8].try_into().ok()?) as usize;
    let end = 8usize.checked_add(len)?;
    if end > bytes.len() {
      return None;
    }
    let mut entry: Entry = serde_json::from_slice(&bytes[8..end]).ok()?;
    let value_len =
      u64::from_be_bytes(bytes.get(end..end + 8)?.try_into().ok()?);
    if bytes.len() as u64 - (end as u64 + 8) != value_len {
      return None;
    }
    entry.value = bytes.slice(end + 8..);
    Some(entry)
  }

  /// Bytes it takes in memory, roughly.
  pub fn size(&self) -> usize {
    self.value.len()
      + self.tags.iter().map(|t| t.len() + 24).sum::<usize>()
      + 64
  }
}

#[cfg(test)]
mod tests {
  use super::*;

  fn entry() -> Entry {
    Entry {
      value: Bytes::from_static(b"{\"n\":1}"),
      tags: vec!["posts".into(), "_N_T_/api/posts".into()],
      stored_at: 1_000_000,
      revalidate: Some(10),
      expire: Some(60),
    }
  }

  #[test]
  fn entries_round_trip_and_anything_else_is_a_miss() {
    let e = entry();
    assert_eq!(Entry::decode(e.encode()), Some(e.clone()));
    // Torn anywhere (a value cut short included): a miss.
    let whole = e.encode();
    for len in 0..whole.len() {
      assert_eq!(Entry::decode(whole.slice(..len)), None, "cut at {len}");
    }
    assert_eq!(Entry::decode(Bytes::from_static(b"garbage!")), None);
    assert_eq!(
      Entry::decode(Bytes::from_static(b"erc1\xff\xff\xff\xff{}")),
      None
    );
  }

  #[test]
  fn soft_tags_invalidate_as_the_entry_own_do() {
    let mut tags = TagTimes::default();
    tags.mark(
      "_N_T_/api/posts/1",
      crate::Marks {
        stale: Some(1_000_500),
        expired: None,
        expires: None,
      },
    );
    let soft = ["_N_T_/layout".to_owned(), "_N_T_/api/posts/1".to_owned()];
    assert!(matches!(
      entry().freshness(1_000_600, &tags, &soft[..1]),
      Lookup::Fresh(_)
    ));
    assert!(matches!(
      entry().freshness(1_000_600, &tags, &soft),
      Lookup::Stale(_)
    ));
    tags.mark(
      "_N_T_/layout",
      crate::Marks {
        stale: None,
        expired: Some(1_000_700),
        expires: None,
      },
    );
    assert_eq!(entry().freshness(1_000_800, &tags, &soft), Lookup::Miss);
  }

  #[test]
  fn freshness_follows_the_clock_and_the_tags() {
    let tags = TagTimes::default();
    let at = |ms| entry().freshness(ms, &tags, &[]);
    assert!(matches!(at(1_000_000 + 9_999), Lookup::Fresh(_)));
    assert!(matches!(at(1_000_000 + 10_000), Lookup::Stale(_)));
    assert_eq!(at(1_000_000 + 60_000), Lookup::Miss);
    let mut tags = TagTimes::default();
    tags.mark(
      "posts",
      crate::Marks {
        stale: Some(1_000_500),
        expired: None,
        expires: None,
      },
    );
    assert!(matches!(
      entry().freshness(1_000_600, &tags, &[]),
      Lookup::Stale(_)
    ));
    tags.mark(
      "posts",
      crate::Marks {
        stale: None,
        expired: Some(1_000_700),
        expires: None,
      },
    );
    assert_eq!(entry().freshness(1_000_800, &tags, &[]), Lookup::Miss);
    // An invalidation before the entry was stored does not touch it.
    let mut old = TagTimes::default();
    old.mark(
      "posts",
      crate::Marks {
        stale: Some(999_000),
        expired: Some(999_000),
        expires: None,
      },
    );
    assert!(matches!(
      entry().freshness(1_000_100, &old, &[]),
      Lookup::Fresh(_)
    ));
    assert_eq!(
      entry().time_to_live(1_030_000),
      Some(Duration::from_secs(30))
    );
  }
}
