//! The one byte hash of the cache and of digests.

/// Hash bytes (xxh3).
pub(crate) fn hash(bytes: &[u8]) -> u64 {
    xxhash_rust::xxh3::xxh3_64(bytes)
}

/// What stands for a file's bytes in the cache: the hash of what was read of
/// it, and how much that was.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ReadHash {
    pub hash: u64,
    /// Bytes read from the start of the file when only its head was read (a
    /// file over `limits.max_file_size`); `None`: all of it.
    pub head: Option<u64>,
}

impl ReadHash {
    /// All of a file's `bytes`.
    pub(crate) fn whole(bytes: &[u8]) -> ReadHash {
        ReadHash {
            hash: hash(bytes),
            head: None,
        }
    }

    /// The first bytes of a file of `len` bytes. The rest is never read, so
    /// it cannot be in the hash: the head and the length stand for the file.
    pub(crate) fn head(head: &[u8], len: u64) -> ReadHash {
        ReadHash {
            hash: hash(head) ^ len.rotate_left(32),
            head: Some(head.len() as u64),
        }
    }
}
