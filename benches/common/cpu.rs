//! CPU time for the benches (Linux): unlike wall time, not inflated when
//! other processes share the cores. Included by each bench with
//! `#[path = "common/cpu.rs"] mod cpu;`.

use std::time::Duration;

/// CPU time of the calling thread.
#[allow(dead_code)] // the report bench uses only the process clock
pub fn thread() -> Duration {
    clock(libc::CLOCK_THREAD_CPUTIME_ID)
}

/// User + system CPU time of the whole process, all threads (Typst lays
/// pages out on every core).
pub fn process() -> Duration {
    clock(libc::CLOCK_PROCESS_CPUTIME_ID)
}

fn clock(clock: libc::clockid_t) -> Duration {
    // SAFETY: an all-zero timespec is valid; clock_gettime fills it.
    let mut ts: libc::timespec = unsafe { std::mem::zeroed() };
    // SAFETY: valid pointer; both clocks exist on Linux.
    unsafe { libc::clock_gettime(clock, &mut ts) };
    Duration::new(ts.tv_sec as u64, ts.tv_nsec as u32)
}
