//! The `gmkit` command-line tool: runs the known-answer vectors and reports what this CPU offers.
//! `gmkit help` lists the commands.
//!
//! Command dispatch. A subcommand is one entry of [`COMMANDS`]: its name, usage line, one-line
//! summary and a function from its arguments to an exit status.

mod args;
mod bench;
mod embedded;
mod host;
mod info;
mod io;
mod kat;
mod progress;
mod sm2;
mod sm3;
mod sm4;

use std::ffi::OsString;

pub use args::{Args, Usage};

/// A subcommand.
pub struct Command {
    /// The word after `gmkit`.
    pub name: &'static str,
    /// The usage text (first line: synopsis; then option lines).
    pub usage: &'static str,
    /// One line for `gmkit help`.
    pub summary: &'static str,
    /// Runs with the arguments after the name; `Ok(exit status)` or a usage error (exit 2).
    pub run: fn(&[String]) -> Result<i32, Usage>,
}

const COMMANDS: &[Command] = &[
    kat::COMMAND,
    info::COMMAND,
    sm2::COMMAND,
    sm3::COMMAND,
    sm4::COMMAND,
    bench::COMMAND,
];

fn help() -> String {
    let mut s = format!(
        "gmkit {} — SM2/SM3/SM4 and friends, checked against known-answer vectors\n\n\
         usage: gmkit [COMMAND] [ARGS...]\n\n\
         With no command: run the vectors built into this binary on every backend this CPU has\n\
         and print a summary (exit 1 on any failure).\n\ncommands:\n",
        env!("CARGO_PKG_VERSION")
    );
    for c in COMMANDS {
        s.push_str(&format!("  {:<6} {}\n", c.name, c.summary));
    }
    s.push_str("  help   this text; `gmkit help COMMAND` for a command's options\n");
    s
}

/// Run the command line (without the program name); returns the exit status.
fn run(args: impl Iterator<Item = OsString>) -> i32 {
    let args: Vec<String> = match args.map(OsString::into_string).collect() {
        Ok(a) => a,
        Err(bad) => {
            eprintln!("gmkit: argument {bad:?} is not valid UTF-8");
            return 2;
        }
    };
    let Some(first) = args.first() else {
        return kat::default_run();
    };
    match first.as_str() {
        "-h" | "--help" | "help" => match args.get(1) {
            None => {
                print!("{}", help());
                0
            }
            Some(name) => match COMMANDS.iter().find(|c| c.name == name) {
                Some(c) => {
                    println!("usage: {}", c.usage);
                    0
                }
                None => unknown(name),
            },
        },
        "-V" | "--version" => {
            let b = host::Build::this();
            println!("gmkit {}\n{}, {}", b.label(), b.rustc, b.target);
            0
        }
        name => match COMMANDS.iter().find(|c| c.name == name) {
            Some(c) if args[1..].iter().any(|a| a == "-h" || a == "--help") => {
                println!("usage: {}", c.usage);
                0
            }
            Some(c) => (c.run)(&args[1..]).unwrap_or_else(|Usage(msg)| {
                eprintln!("gmkit {}: {msg}\nusage: {}", c.name, c.usage);
                2
            }),
            None => unknown(name),
        },
    }
}

fn unknown(name: &str) -> i32 {
    eprintln!("gmkit: unknown command {name:?}; `gmkit help` lists the commands");
    2
}

fn main() {
    std::process::exit(run(std::env::args_os().skip(1)));
}
