//! The `ducha` binary: everything happens in [`ducha::cli`].

fn main() {
    no_huge_pages();
    ducha::purge_freed_memory_at_once();
    std::process::exit(ducha::cli::main());
}

/// Transparent huge pages off for this process, decided by measurement
/// (docs/performance.md, issue 20): mimalloc asks the kernel for 2 MB pages
/// where it may, and a report's peak memory was 113 MB with them and 63 MB
/// without (`check` of a 50,000-child roster 272 → 258 MB), with less
/// system time (0.03–0.08 s → 0.01 s a report) and no loss of speed.
/// Linux only; elsewhere nothing is changed.
fn no_huge_pages() {
    #[cfg(target_os = "linux")]
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments and only sets a
    // flag of this process; a failure (an old kernel) changes nothing.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}
