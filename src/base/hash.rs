//! The one byte hash of the cache and of digests.

/// Hash bytes (xxh3).
pub fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}
