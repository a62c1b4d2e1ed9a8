//! The vector runner for the JSON format of `VECTORS.md`.
