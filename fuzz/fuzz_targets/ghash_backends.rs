#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gmkit_fuzz::ghash_backends::run(data));
