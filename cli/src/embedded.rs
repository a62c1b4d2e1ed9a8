//! The vector files compiled into the binary by `build.rs`.

include!(concat!(env!("OUT_DIR"), "/embedded_vectors.rs"));
