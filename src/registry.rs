//! The registry of algorithms the vector runner, the CLI and the benches iterate over.
