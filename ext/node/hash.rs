//! `createHash` / `createHmac` digests for `node:crypto`.

use deno_core::op2;
use sha1::Digest as _;

use crate::NodeError;

/// The digest of `data` with `algorithm` (`sha1`, `sha256`, `sha384`,
/// `sha512`, `sha224`, `md5`; case-insensitive, `sha-256` spelling too).
#[op2]
#[buffer]
pub fn op_node_digest(
  #[string] algorithm: &str,
  #[buffer] data: &[u8],
) -> Result<Vec<u8>, NodeError> {
  let name = algorithm.to_ascii_lowercase().replace('-', "");
  Ok(match name.as_str() {
    "sha1" => sha1::Sha1::digest(data).to_vec(),
    "sha224" => sha2::Sha224::digest(data).to_vec(),
    "sha256" => sha2::Sha256::digest(data).to_vec(),
    "sha384" => sha2::Sha384::digest(data).to_vec(),
    "sha512" => sha2::Sha512::digest(data).to_vec(),
    "md5" => md5::Md5::digest(data).to_vec(),
    _ => return Err(NodeError::UnknownDigest(algorithm.to_owned())),
  })
}

/// The block size HMAC pads keys to for `algorithm`, or 0 if unknown.
#[op2(fast)]
#[smi]
pub fn op_node_hash_block_size(#[string] algorithm: &str) -> u32 {
  match algorithm.to_ascii_lowercase().replace('-', "").as_str() {
    "sha1" | "sha224" | "sha256" | "md5" => 64,
    "sha384" | "sha512" => 128,
    _ => 0,
  }
}
