//! The binary's memory allocator. Generation makes and frees millions of small values (tokens,
//! syntax trees, strings) on every core; mimalloc serves them in about a quarter fewer
//! instructions in all than glibc's allocator (`BENCHMARKS.md`).

use libmimalloc_sys::{mi_option_set, mi_option_t};

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` of `mi_option_e` in mimalloc's `mimalloc.h`, which libmimalloc-sys
/// does not name: how long freed memory stays reserved before it goes back to the system.
const PURGE_DELAY: mi_option_t = 15;

/// Sets the allocator up; call it first thing in `main`.
///
/// Freed pages go back to the system at once instead of a second later. Emission runs on fresh
/// threads right after lowering frees the spec's tree; with the delay they cannot reuse its
/// pages in time, and the peak resident memory on GitHub's spec is 50 MB instead of 34 MB.
/// (Transparent huge pages are off through the crate's `no_thp` feature, for the same reason.)
pub fn configure() {
    // SAFETY: mimalloc's options are plain integers that it reads when it purges; setting
    // one has no other precondition.
    unsafe { mi_option_set(PURGE_DELAY, 0) };
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // Of mimalloc's options, the purge delay is the one whose default is 1,000 (ms) at this
        // index; a renumbering upstream would make this fail rather than tune something else.
        // SAFETY: reading an option has no precondition.
        assert_eq!(unsafe { libmimalloc_sys::mi_option_get(PURGE_DELAY) }, 1000);
    }
}
