//! Entries on disk under the project (`.edgeroute/cache`), surviving
//! restarts: one file per key (named by the SHA-256 of the key, the key
//! kept inside to rule out a collision), and the tags' marks in
//! `tags.json`. Every write goes to a temporary file first and is renamed
//! into place, so a reader sees a whole file or none.

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use bytes::Bytes;
use sha2::{Digest, Sha256};

use crate::entry::Entry;
use crate::error::CacheError;
use crate::tags::{Marks, TagTimes};

/// The disk store.
#[derive(Debug)]
pub struct DiskStore {
  dir: PathBuf,
  /// Writes of `tags.json`, one at a time.
  tags: Mutex<()>,
}

impl DiskStore {
  /// The store in `dir`. The folder is made on the first write, so a
  /// project whose routes cache nothing gets none; a `dir` that exists
  /// but is not a folder is an error now.
  pub fn open(dir: &Path) -> Result<DiskStore, CacheError> {
    if dir.exists() && !dir.is_dir() {
      return Err(CacheError::Disk {
        path: dir.to_path_buf(),
        source: std::io::Error::other("not a folder"),
      });
    }
    Ok(DiskStore {
      dir: dir.to_path_buf(),
      tags: Mutex::new(()),
    })
  }

  /// Makes the store's folders (once they exist, a cheap check).
  fn make_folders(&self) -> std::io::Result<()> {
    for sub in ["entries", "tmp"] {
      std::fs::create_dir_all(self.dir.join(sub))?;
    }
    Ok(())
  }

  fn file(&self, key: &str) -> PathBuf {
    let digest = Sha256::digest(key.as_bytes());
    let name: String = digest.iter().map(|b| format!("{b:02x}")).collect();
    self.dir.join("entries").join(name)
  }

  /// The entry under `key`, if a whole one is there.
  pub async fn get(&self, key: &str) -> Option<Entry> {
    let bytes = tokio::fs::read(self.file(key)).await.ok()?;
    let (stored_key, entry) = split_key(Bytes::from(bytes))?;
    (stored_key == key.as_bytes()).then_some(entry)
  }

  /// Stores `entry` under `key`.
  pub async fn set(&self, key: &str, entry: &Entry) -> std::io::Result<()> {
    let mut bytes = Vec::with_capacity(key.len() + 4 + entry.value.len() + 128);
    bytes.extend_from_slice(
      &u32::try_from(key.len()).unwrap_or(u32::MAX).to_be_bytes(),
    );
    bytes.extend_from_slice(key.as_bytes());
    bytes.extend_from_slice(&entry.encode());
    self.write_atomically(&self.file(key), bytes).await
  }

  /// The tags' marks as stored.
  pub fn load_tags(&self) -> TagTimes {
    let mut times = TagTimes::default();
    let Ok(text) = std::fs::read_to_string(self.dir.join("tags.json")) else {
      return times;
    };
    let map: std::collections::HashMap<String, String> =
      serde_json::from_str(&text).unwrap_or_default();
    for (tag, marks) in map {
      if let Some(marks) = Marks::decode(&marks) {
        times.mark(&tag, marks);
      }
    }
    times
  }

  /// Stores the marks of every tag in `times`.
  pub fn save_tags(&self, times: &TagTimes) -> std::io::Result<()> {
    let map: std::collections::BTreeMap<&str, String> = times
      .iter()
      .map(|(tag, marks)| (tag, marks.encode()))
      .collect();
    let text = serde_json::to_vec(&map).map_err(std::io::Error::other)?;
    let _one_at_a_time = self.tags.lock().unwrap_or_else(|p| p.into_inner());
    self.make_folders()?;
    let tmp = self.tmp_path();
    std::fs::write(&tmp, &text)?;
    std::fs::rename(&tmp, self.dir.join("tags.json"))
  }

  fn tmp_path(&self) -> PathBuf {
    static NEXT: std::sync::atomic::AtomicU64 =
      std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    self
      .dir
      .join("tmp")
      .join(format!("{}-{n}", std::process::id()))
  }

  async fn write_atomically(
    &self,
    path: &Path,
    bytes: Vec<u8>,
  ) -> std::io::Result<()> {
    self.make_folders()?;
    let tmp = self.tmp_path();
    tokio::fs::write(&tmp, bytes).await?;
    match tokio::fs::rename(&tmp, path).await {
      Ok(()) => Ok(()),
      Err(error) => {
        let _ = tokio::fs::remove_file(&tmp).await;
        Err(error)
      }
    }
  }
}

/// The key and the entry of a stored file.
fn split_key(bytes: Bytes) -> Option<(Bytes, Entry)> {
  let len = u32::from_be_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
  let end = 4usize.checked_add(len)?;
  let key = bytes.get(4..end).map(|_| bytes.slice(4..end))?;
  Some((key, Entry::decode(bytes.slice(end..))?))
}
