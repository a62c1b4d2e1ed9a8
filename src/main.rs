//! The `gmkit` command-line tool.

fn main() {
    println!("gmkit {}", env!("CARGO_PKG_VERSION"));
}
