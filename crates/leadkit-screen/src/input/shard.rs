//! Splitting a list between machines by the rows' keys, and the hash that does it.

use std::fmt;
use std::str::FromStr;

/// The 64-bit FNV-1a hash of `bytes`.
///
/// Stable across versions, platforms and machines (it is part of the journal's format): the
/// content keys of [`Lead::key`](super::Lead::key) and the rows each [`Shard`] holds never
/// move.
///
/// ```
/// assert_eq!(leadkit_screen::input::stable_hash(b""), 0xcbf2_9ce4_8422_2325);
/// assert_eq!(leadkit_screen::input::stable_hash(b"a"), 0xaf63_dc4c_8601_ec8c);
/// ```
pub fn stable_hash(bytes: &[u8]) -> u64 {
    const OFFSET_BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    bytes.iter().fold(OFFSET_BASIS, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(PRIME)
    })
}

/// The part of a list one machine screens: `--shard 2/3` is the second of three (1-based).
///
/// A row belongs to the shard its key hashes to, so shards `1/n` to `n/n` split a list with
/// no row in two of them, whatever the rows' order, and a row stays in its shard when the list
/// grows.
///
/// ```
/// use leadkit_screen::input::Shard;
///
/// let shard: Shard = "2/3".parse()?;
/// assert_eq!((shard.index(), shard.count()), (2, 3));
/// assert_eq!(shard.to_string(), "2/3");
/// let owners = (1..=3)
///     .filter(|&index| Shard::new(index, 3).is_some_and(|shard| shard.contains("lead-1")))
///     .count();
/// assert_eq!(owners, 1);
/// # Ok::<(), leadkit_screen::input::ParseShardError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Shard {
    index: u32,
    count: u32,
}

impl Shard {
    /// The whole list: `1/1`.
    pub fn all() -> Shard {
        Shard { index: 1, count: 1 }
    }

    /// Shard `index` of `count`; `None` unless `1 <= index <= count`.
    pub fn new(index: u32, count: u32) -> Option<Shard> {
        (1..=count)
            .contains(&index)
            .then_some(Shard { index, count })
    }

    /// Whether the row keyed `key` belongs to this shard.
    pub fn contains(&self, key: &str) -> bool {
        stable_hash(key.as_bytes()) % u64::from(self.count) == u64::from(self.index - 1)
    }

    /// The shard's 1-based index.
    pub fn index(&self) -> u32 {
        self.index
    }

    /// The number of shards the list is split into.
    pub fn count(&self) -> u32 {
        self.count
    }
}

impl Default for Shard {
    /// The whole list.
    fn default() -> Shard {
        Shard::all()
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

impl FromStr for Shard {
    type Err = ParseShardError;

    /// `i/n`, with `1 <= i <= n`.
    fn from_str(text: &str) -> Result<Shard, ParseShardError> {
        let invalid = |problem| ParseShardError {
            text: text.to_owned(),
            problem,
        };
        let (index, count) = text.trim().split_once('/').ok_or(invalid(Problem::Form))?;
        let index: u32 = index.trim().parse().map_err(|_| invalid(Problem::Form))?;
        let count: u32 = count.trim().parse().map_err(|_| invalid(Problem::Form))?;
        if count == 0 {
            return Err(invalid(Problem::NoShards));
        }
        Shard::new(index, count).ok_or(invalid(Problem::OutOfRange))
    }
}

/// A shard that is not `i/n` with `1 <= i <= n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseShardError {
    text: String,
    problem: Problem,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Problem {
    Form,
    NoShards,
    OutOfRange,
}

impl fmt::Display for ParseShardError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let text = self.text.escape_debug();
        match self.problem {
            Problem::Form => write!(
                f,
                "invalid shard `{text}`: expected i/n, the i-th of n shards (such as 2/3)"
            ),
            Problem::NoShards => {
                write!(f, "invalid shard `{text}`: there must be at least 1 shard")
            }
            Problem::OutOfRange => write!(
                f,
                "invalid shard `{text}`: the index runs from 1 to the number of shards"
            ),
        }
    }
}

impl std::error::Error for ParseShardError {}
