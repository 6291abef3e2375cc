//! The `annalist` command: parse the command line, call the library, report, set the exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a build allocates and frees many small strings and values from two threads at
/// once; it cut CPU time and peak memory against the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 3's `mimalloc.h` (the Rust bindings have no name for it;
/// Cargo.toml pins the version these numbers come from).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    let cli = annalist::cli::Cli::parse();
    if matches!(
        cli.command,
        annalist::cli::Command::Build(_) | annalist::cli::Command::Check(_)
    ) {
        // A build is short and ends by exiting: memory it frees is better kept for its next
        // allocations than handed back to the system a second later and asked for again (at
        // 100,000 articles, faulting fresh pages back in cost more than a tenth of the time).
        // The preview keeps the default, so it gives memory back while it waits.
        // SAFETY: sets one of mimalloc's options; any value is valid for this one.
        unsafe { libmimalloc_sys::mi_option_set_default(MI_OPTION_PURGE_DELAY, -1) };
    }
    match annalist::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            annalist::report_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
