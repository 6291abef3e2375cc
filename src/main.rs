//! The `annalist` command: parse the command line, call the library, report, set the exit code.

use std::process::ExitCode;

use clap::Parser;

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
