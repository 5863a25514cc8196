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
