//! The hash maps and sets of the pipeline. Their keys are spec text (pointers, names, map keys),
//! hashed with foldhash rather than std's SipHash: a few times faster on such strings, and
//! randomly seeded too. Their iteration order never reaches the output.

/// A hash map with foldhash's seeded hasher.
pub type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

/// A hash set with foldhash's seeded hasher.
pub type HashSet<T> = std::collections::HashSet<T, foldhash::fast::RandomState>;

/// An insertion-ordered map with foldhash's seeded hasher.
pub type IndexMap<K, V> = indexmap::IndexMap<K, V, foldhash::fast::RandomState>;
