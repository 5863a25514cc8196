//! ducha (督查): the start-of-term school inspection engine.
//!
//! Pipeline: a checklist is loaded and validated ([`checklist`]); a
//! submission is read once into an in-memory evidence set ([`evidence`]);
//! [`eval::evaluate`] turns checklist + evidence + on-site scores into a
//! [`result::InspectionResult`] without touching the disk; renderers in
//! [`output`] present it.

pub mod aggregate;
pub mod batch;
pub mod checklist;
pub mod cli;
pub mod date;
pub mod diag;
pub mod diff;
pub mod documents;
pub mod error;
pub mod eval;
pub mod evidence;
pub mod expr;
pub mod files;
pub mod followup;
pub mod init;
pub mod inspection;
pub mod onsite;
pub mod output;
pub mod panic;
pub mod pipeline;
pub mod present;
pub mod profile;
pub mod render;
pub mod result;
pub mod selfassess;
pub mod verify;
pub mod yamlfile;
pub mod yamlpos;

/// mimalloc instead of the system allocator: Typst's layout and the
/// evaluation allocate many small, short-lived objects, and glibc's malloc
/// was about a sixth of a report's time. The feature `system-alloc` keeps
/// the system's, for heap profilers that hook malloc (heaptrack):
/// `cargo build --release --features system-alloc`.
#[cfg(not(feature = "system-alloc"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Freed memory given back to the system at once rather than after
/// mimalloc's default 10 ms (`purge_delay` 0), decided by measurement
/// (docs/performance.md, 2026-12-06): peak memory of `batch` of 1,000
/// schools 127 → 118 MB and of 50, 103 → 99 MB; `aggregate` of 20,000
/// results 171–182 → 166 MB; a `report` 60–61 → 59 MB; no change in
/// time measurable on this VM. A user who sets `MIMALLOC_PURGE_DELAY`
/// keeps their own value. Called once, first thing in `main`.
pub fn purge_freed_memory_at_once() {
    #[cfg(not(feature = "system-alloc"))]
    {
        if std::env::var_os("MIMALLOC_PURGE_DELAY").is_some() {
            return;
        }
        extern "C" {
            fn mi_option_set(option: std::ffi::c_int, value: std::ffi::c_long);
        }
        // `mi_option_purge_delay` in `mi_option_e` (include/mimalloc.h of
        // both the v2 and the v3 sources in libmimalloc-sys 0.1.49); the
        // sys crate exports no constant for it.
        const MI_OPTION_PURGE_DELAY: std::ffi::c_int = 15;
        // SAFETY: mi_option_set takes two integers and only stores the
        // option's value; mimalloc reads it at each purge.
        unsafe { mi_option_set(MI_OPTION_PURGE_DELAY, 0) }
    }
}

/// Gives back to the system what the allocator keeps free for the calling
/// thread (mimalloc's `mi_collect`): a batch worker calls it after each
/// school.
pub fn release_memory() {
    #[cfg(not(feature = "system-alloc"))]
    {
        extern "C" {
            fn mi_collect(force: bool);
        }
        // SAFETY: mi_collect takes no pointer and may be called from any
        // thread at any time; mimalloc is linked as the global allocator.
        unsafe { mi_collect(true) }
    }
}

/// What a command that typesets one document needs whatever the school
/// (`report`, `notice`, `sheet` as a PDF), prepared on a thread of its own
/// while the main thread loads the checklist and checks the school: the
/// label file, the masking patterns, then the embedded fonts, parsed and
/// hashed (about 12 ms of work; the check takes about 25 ms before the
/// layout needs the fonts). Each is kept in a `OnceLock`: the main thread,
/// if it needs one first, waits for it rather than making a second.
/// Measured on the seven samples, interleaved (docs/performance.md):
/// `report` 4–12 % faster depending on the hour (103.5 → 91.0 ms and
/// 86.9 → 83.3 ms, medians of 98 and 70 runs each), which the bench's
/// 21-run LibreOffice comparison does not resolve. `check` gained nothing
/// from the labels and patterns early (29.3 → 29.0 ms, 140 runs each),
/// nor `batch` from this thread (three rounds of 12 runs), so they do not
/// start it; a batch pays all of it once for all its schools.
pub fn warm_up() {
    // No thread (the system refused one): the first use does the work.
    let _ = std::thread::Builder::new()
        .name("warm-up".into())
        .spawn(|| {
            present::warm_up();
            render::warm_up();
        });
}
