//! The `samen` command line: parses arguments, runs the subcommand, and turns an error into
//! its message on standard error and its exit code (the policy is [`samen::Error::exit_code`]).

mod cli;

use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::args::Cli::parse();
    cli::io::set_overrides(args.set);
    match cli::commands::run(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let _ = writeln!(std::io::stderr(), "{e}");
            ExitCode::from(e.exit_code() as u8)
        }
    }
}
