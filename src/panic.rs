//! Panics inside third-party parsers, caught where a damaged file must
//! cost that file only: caught quietly (no "panicked at" on a clerk's
//! terminal), while any other panic still reports as before.

use std::cell::Cell;
use std::sync::Once;

thread_local! {
    static QUIET: Cell<bool> = const { Cell::new(false) };
}

/// Installs the panic hook that keeps caught parser panics quiet; the
/// hook before it (the default, or a fuzzer's) handles every other panic.
pub fn install_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(Cell::get) {
                previous(info)
            }
        }));
    });
}

/// Runs `f`, turning a panic into `None`, quietly once [`install_hook`]
/// has run.
pub fn catch_quietly<T>(f: impl FnOnce() -> T + std::panic::UnwindSafe) -> Option<T> {
    let was = QUIET.with(|q| q.replace(true));
    let r = std::panic::catch_unwind(f);
    QUIET.with(|q| q.set(was));
    r.ok()
}
