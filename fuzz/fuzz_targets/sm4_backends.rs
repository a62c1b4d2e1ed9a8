#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| gmkit_fuzz::sm4_backends::run(data));
