//! The `gmkit` command-line tool: runs the known-answer vectors and reports what this CPU offers.
//! `gmkit help` lists the commands.

mod cli;

fn main() {
    std::process::exit(cli::main(std::env::args_os().skip(1)));
}
