//! The `annalist` command: parse the command line, call the library, report, set the exit code.

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: a build allocates and frees many small strings and values from two threads at
/// once; it cut CPU time and peak memory against the system allocator (see bench/README.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = annalist::cli::Cli::parse();
    match annalist::run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(err) => {
            annalist::report_error(&err);
            ExitCode::from(err.exit_code())
        }
    }
}
