//! The `ducha` binary: everything happens in [`ducha::cli`].

fn main() {
    std::process::exit(ducha::cli::main());
}
