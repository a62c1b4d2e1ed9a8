//! `ct-dudect`: dudect-style timing tests (Reparaz, Balasch, Verbauwhede, "Dude, is my code
//! constant time?", DATE 2017) for every backend this CPU has (`scripts/dudect.sh`).
//!
//! Each test times one secret-handling operation on inputs of two classes: a *fixed* secret
//! (one pseudorandom value, the same for every sample of the class) and a *random* secret (fresh
//! for every sample); everything public is drawn the same way for both. If the time depends on
//! the secret, the two timing distributions differ, and Welch's t statistic grows with the number
//! of samples; if it does not, |t| stays a few units whatever the count. A test fails when the
//! largest |t| over the raw samples and the samples cropped at several percentiles (as dudect
//! does, to cut the long tail that interrupts and other tenants add) exceeds the threshold.
//!
//! Against the noise of a shared machine:
//! - the classes are interleaved in a random order sample by sample, so drift, frequency changes
//!   and neighbours' bursts fall on both classes alike;
//! - both classes' inputs are prepared before timing, in the same slots of the same buffers (the
//!   fixed class holds copies of its value, not a reference to one), so caches and memory layout
//!   are the same for both;
//! - the fixed value is pseudorandom, not zero, so that differences in power draw and clock
//!   (Hertzbleed) between zero and random data do not pose as a leak;
//! - the threshold is 10 (dudect's "definitely not constant time"): under the null hypothesis t
//!   is close to standard normal, and P(|t| > 10) is about 10⁻²³ per statistic.
//!
//! Timing uses `std::time::Instant` (the TSC through the vDSO on x86-64 Linux); operations shorter
//! than a microsecond repeat a few times per sample so that the clock's granularity and overhead
//! do not dominate. The tests cover the secret the operation is keyed or fed with; valgrind's
//! `ct-memcheck` is the exhaustive check where it can run.

use gmkit::backend::Backend;
use gmkit::mac::{Hmac, HmacSm3};
use gmkit::modes::ghash::{Ghash, GhashBackend, GhashKey};
use gmkit::sm2;
use gmkit::sm3::{Sm3, Sm3Backend, batch::Sm3Batch, batch::Sm3BatchBackend};
use gmkit::sm4::{Sm4, Sm4Backend};
use gmkit::{BlockCipher128, Mac};
use gmkit_ct::TestRng;
use std::hint::black_box;
use std::process::ExitCode;
use std::time::{Duration, Instant};

/// Which class a sample belongs to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Class {
    Fixed,
    Random,
}

/// One test: prepares the input of a sample into a slot, and runs the timed operation on it.
trait Bench {
    /// Slots per batch (inputs prepared at once, then timed in order).
    fn slots(&self) -> usize;
    /// Fill slot `i` with an input of `class`.
    fn prepare(&mut self, i: usize, class: Class, rng: &mut TestRng);
    /// The timed operation on slot `i`.
    fn run(&mut self, i: usize);
}

/// A [`Bench`] from a context, a slot type and two functions.
struct Slots<C, I> {
    ctx: C,
    slots: Vec<I>,
    prep: fn(&C, Class, &mut TestRng, &mut I),
    run: fn(&C, &mut I),
}

impl<C, I> Bench for Slots<C, I> {
    fn slots(&self) -> usize {
        self.slots.len()
    }
    fn prepare(&mut self, i: usize, class: Class, rng: &mut TestRng) {
        (self.prep)(&self.ctx, class, rng, &mut self.slots[i]);
    }
    fn run(&mut self, i: usize) {
        (self.run)(&self.ctx, &mut self.slots[i]);
    }
}

fn slots<C: 'static, I: 'static>(
    ctx: C,
    n: usize,
    init: impl Fn() -> I,
    prep: fn(&C, Class, &mut TestRng, &mut I),
    run: fn(&C, &mut I),
) -> Box<dyn Bench> {
    Box::new(Slots {
        ctx,
        slots: (0..n).map(|_| init()).collect(),
        prep,
        run,
    })
}

/// Builds a test's [`Bench`] (its context drawn from the generator).
type Build = Box<dyn Fn(&mut TestRng) -> Box<dyn Bench>>;

/// A test's name, its share of the time budget, and how to build it.
struct Test {
    name: String,
    /// Relative weight in the time budget (the slow SM2 tests get more).
    weight: f64,
    build: Build,
}

/// The secret of the fixed class: pseudorandom, the same in every run.
fn fixed<const N: usize>() -> [u8; N] {
    TestRng::new(0xf1_7ed).array()
}

/// The secret for a sample of `class`.
fn secret<const N: usize>(class: Class, rng: &mut TestRng) -> [u8; N] {
    match class {
        Class::Fixed => fixed(),
        Class::Random => rng.array(),
    }
}

/// Repetitions per sample for operations well under a microsecond.
const REPS: usize = 8;

fn sm4_tests(tests: &mut Vec<Test>) {
    for &b in Sm4Backend::ALL.iter().filter(|b| b.is_available()) {
        let n = b.name();
        // Secret key: the key schedule and four blocks (the one-register path).
        tests.push(Test {
            name: format!("SM4 key / {n}"),
            weight: 1.0,
            build: Box::new(move |_| {
                slots(
                    b,
                    1000,
                    || ([0u8; 16], [[0u8; 16]; 4]),
                    |_, class, rng, s| {
                        s.0 = secret(class, rng);
                        s.1 = [rng.array(), rng.array(), rng.array(), rng.array()];
                    },
                    |b, s| {
                        for _ in 0..REPS {
                            let k = Sm4::with_backend(&s.0, *b).expect("available");
                            k.encrypt_blocks(&mut s.1);
                        }
                        black_box(&s.1);
                    },
                )
            }),
        });
        // Secret data, one key: 4 blocks (one-register path) and 256 blocks (the bulk path).
        for blocks in [4usize, 256] {
            tests.push(Test {
                name: format!("SM4 data {blocks} blocks / {n}"),
                weight: 1.0,
                build: Box::new(move |rng| {
                    let key = Sm4::with_backend(&rng.array(), b).expect("available");
                    let slots_n = if blocks > 4 { 200 } else { 1000 };
                    slots(
                        key,
                        slots_n,
                        move || vec![[0u8; 16]; blocks],
                        |_, class, rng, s| s.iter_mut().for_each(|b| *b = secret(class, rng)),
                        |k, s| {
                            let reps = if s.len() > 4 { 1 } else { REPS };
                            for _ in 0..reps {
                                k.encrypt_blocks(s);
                            }
                            black_box(&s);
                        },
                    )
                }),
            });
        }
    }
}

fn ghash_tests(tests: &mut Vec<Test>) {
    for &b in GhashBackend::ALL.iter().filter(|b| b.is_available()) {
        let n = b.name();
        // Secret H: the key's powers of H and 8 blocks.
        tests.push(Test {
            name: format!("GHASH key H / {n}"),
            weight: 1.0,
            build: Box::new(move |_| {
                slots(
                    b,
                    1000,
                    || ([0u8; 16], [[0u8; 16]; 8]),
                    |_, class, rng, s| {
                        s.0 = secret(class, rng);
                        s.1.iter_mut().for_each(|b| *b = rng.array());
                    },
                    |b, s| {
                        for _ in 0..REPS {
                            let key = GhashKey::with_backend(&s.0, *b).expect("available");
                            let mut g = Ghash::new(&key);
                            g.update_blocks(&s.1);
                            black_box(g.finalize());
                        }
                    },
                )
            }),
        });
        // Secret data under one H: 64 blocks.
        tests.push(Test {
            name: format!("GHASH data / {n}"),
            weight: 1.0,
            build: Box::new(move |rng| {
                let key = GhashKey::with_backend(&rng.array(), b).expect("available");
                slots(
                    key,
                    1000,
                    || vec![[0u8; 16]; 64],
                    |_, class, rng, s| s.iter_mut().for_each(|b| *b = secret(class, rng)),
                    |key, s| {
                        for _ in 0..REPS {
                            let mut g = Ghash::new(key);
                            g.update_blocks(s);
                            black_box(g.finalize());
                        }
                    },
                )
            }),
        });
    }
}

fn sm3_tests(tests: &mut Vec<Test>) {
    for &b in Sm3Backend::ALL.iter().filter(|b| b.is_available()) {
        // Secret key: keying (two compressions) and a 64-byte message.
        tests.push(Test {
            name: format!("HMAC-SM3 key / {}", b.name()),
            weight: 1.0,
            build: Box::new(move |_| {
                slots(
                    b,
                    1000,
                    || ([0u8; 32], [0u8; 64]),
                    |_, class, rng, s| {
                        s.0 = secret(class, rng);
                        s.1 = rng.array();
                    },
                    |b, s| {
                        for _ in 0..REPS {
                            let mut m: HmacSm3 = Hmac::new_with_state(
                                &s.0,
                                Sm3::with_backend(*b).expect("available"),
                            );
                            Mac::update(&mut m, &s.1);
                            black_box(m.finalize());
                        }
                    },
                )
            }),
        });
    }
    for &b in Sm3BatchBackend::ALL.iter().filter(|b| b.is_available()) {
        // Secret keys: HMAC-SM3 over 16 keys at once (one step of the widest backend).
        tests.push(Test {
            name: format!("HMAC-SM3 batch keys / {}", b.name()),
            weight: 1.0,
            build: Box::new(move |_| {
                slots(
                    Sm3Batch::with_backend(b).expect("available"),
                    300,
                    || ([[0u8; 32]; 16], [[0u8; 64]; 16]),
                    |_, class, rng, s| {
                        s.0.iter_mut().for_each(|k| *k = secret(class, rng));
                        s.1.iter_mut().for_each(|m| *m = rng.array());
                    },
                    |batch, s| {
                        let mut out = [[0u8; 32]; 16];
                        batch.hmac_many(&s.0, &s.1, &mut out).expect("equal counts");
                        black_box(&out);
                    },
                )
            }),
        });
    }
}

fn sm2_tests(tests: &mut Vec<Test>) {
    // Per field backend (`bmi2-adx` is hidden from valgrind, which lacks ADX: this is its
    // constant-time check). Keys of both classes are moved to the backend.
    for &b in sm2::FieldBackend::ALL.iter().filter(|b| b.is_available()) {
        let key = move |k: sm2::SecretKey| k.with_backend(b).expect("available");
        // Secret key d: signing with k from the RNG (fresh in both classes). The fixed class
        // holds its own copy of the fixed key in each slot.
        tests.push(Test {
            name: format!("SM2 sign key d / {}", b.name()),
            weight: 3.0,
            build: Box::new(move |rng| {
                let first =
                    sm2::SigningKey::new(key(sm2::SecretKey::from_bytes(&fixed()).expect("valid")));
                slots(
                    (first.clone(), rng.vec(100), b),
                    100,
                    move || (first.clone(), TestRng::new(0)),
                    |(fixed_key, _, b), class, rng, s| {
                        s.0 = match class {
                            Class::Fixed => fixed_key.clone(),
                            Class::Random => sm2::SigningKey::new(
                                sm2::SecretKey::random(rng)
                                    .with_backend(*b)
                                    .expect("available"),
                            ),
                        };
                        s.1 = TestRng::new(rng.word());
                    },
                    |(_, msg, _), s| {
                        black_box(s.0.sign_with_rng(&mut s.1, msg));
                    },
                )
            }),
        });
        // Secret key d: decryption of a fresh ciphertext to that key (valid in both classes).
        tests.push(Test {
            name: format!("SM2 decrypt key d / {}", b.name()),
            weight: 3.0,
            build: Box::new(move |_| {
                let fixed_key: sm2::DecryptingKey = sm2::DecryptingKey::new(key(
                    sm2::SecretKey::from_bytes(&fixed()).expect("valid"),
                ));
                slots(
                    (fixed_key.clone(), b),
                    100,
                    move || (fixed_key.clone(), Vec::new()),
                    |(fixed_key, b), class, rng, s| {
                        s.0 = match class {
                            Class::Fixed => fixed_key.clone(),
                            Class::Random => sm2::DecryptingKey::new(
                                sm2::SecretKey::random(rng)
                                    .with_backend(*b)
                                    .expect("available"),
                            ),
                        };
                        let msg = rng.vec(32);
                        s.1 = s.0.encrypting_key().encrypt(rng, &msg).expect("encrypts");
                    },
                    |_, s| {
                        black_box(s.0.decrypt(&s.1).expect("valid ciphertext"));
                    },
                )
            }),
        });
    }
}

/// The name prefix of the deliberately leaky tests, which must be reported.
const CANARY: &str = "canary";

fn canary_tests(tests: &mut Vec<Test>) {
    // A branch on a secret bit that costs a few nanoseconds (four dependent multiply-adds): the
    // harness must see it, or it is blind on this machine.
    tests.push(Test {
        name: format!("{CANARY}: branch on a secret bit"),
        weight: 0.5,
        build: Box::new(|_| {
            slots(
                (),
                1000,
                || [0u8; 16],
                |_, class, rng, s| *s = secret(class, rng),
                |_, s| {
                    let mut acc = 0u64;
                    if s[0] & 1 == 1 {
                        for i in 0..4 {
                            acc = black_box(acc.wrapping_mul(31).wrapping_add(i));
                        }
                    }
                    black_box(acc);
                },
            )
        }),
    });
}

fn all_tests() -> Vec<Test> {
    let mut t = Vec::new();
    canary_tests(&mut t);
    sm4_tests(&mut t);
    ghash_tests(&mut t);
    sm3_tests(&mut t);
    sm2_tests(&mut t);
    t
}

/// Welch's t statistic of two samples, from running sums.
#[derive(Clone, Copy, Default)]
struct Welch {
    n: [f64; 2],
    mean: [f64; 2],
    m2: [f64; 2],
}

impl Welch {
    /// Welford's update for class `c`.
    fn push(&mut self, c: usize, x: f64) {
        self.n[c] += 1.0;
        let d = x - self.mean[c];
        self.mean[c] += d / self.n[c];
        self.m2[c] += d * (x - self.mean[c]);
    }

    fn t(&self) -> f64 {
        if self.n[0] < 2.0 || self.n[1] < 2.0 {
            return 0.0;
        }
        let v0 = self.m2[0] / (self.n[0] - 1.0);
        let v1 = self.m2[1] / (self.n[1] - 1.0);
        let se = (v0 / self.n[0] + v1 / self.n[1]).sqrt();
        if se == 0.0 {
            return 0.0;
        }
        (self.mean[0] - self.mean[1]) / se
    }
}

/// The percentiles at which the samples are cropped besides the raw test.
const CROPS: [f64; 6] = [0.5, 0.75, 0.9, 0.95, 0.99, 0.999];

/// What one test measured.
struct Outcome {
    samples: usize,
    max_t: f64,
    /// `"raw"` or the crop percentile of the largest |t|.
    at: String,
    median_ns: f64,
}

fn run_test(test: &Test, budget: Duration, seed: u64) -> Outcome {
    let mut rng = TestRng::new(seed);
    let mut bench = (test.build)(&mut rng);
    let n = bench.slots();
    let mut samples: Vec<(u8, u32)> = Vec::new();
    let mut classes = vec![Class::Fixed; n];
    let start = Instant::now();
    let mut first = true;
    while first || start.elapsed() < budget {
        for (i, c) in classes.iter_mut().enumerate() {
            *c = if rng.word() & 1 == 0 {
                Class::Fixed
            } else {
                Class::Random
            };
            bench.prepare(i, *c, &mut rng);
        }
        // Warm-up on this batch's first slot, untimed.
        bench.run(0);
        for (i, c) in classes.iter().enumerate() {
            let t0 = Instant::now();
            bench.run(i);
            let dt = t0.elapsed();
            // The first batch warms caches, branch predictors and the clock: dropped.
            if !first {
                let ns = u32::try_from(dt.as_nanos()).unwrap_or(u32::MAX);
                samples.push((u8::from(*c == Class::Random), ns));
            }
        }
        first = false;
    }
    analyse(&samples)
}

fn analyse(samples: &[(u8, u32)]) -> Outcome {
    let mut sorted: Vec<u32> = samples.iter().map(|s| s.1).collect();
    sorted.sort_unstable();
    let pct = |p: f64| sorted[((sorted.len() - 1) as f64 * p) as usize];
    let median_ns = if sorted.is_empty() {
        0.0
    } else {
        pct(0.5) as f64
    };
    let cuts: Vec<u32> = if sorted.is_empty() {
        Vec::new()
    } else {
        CROPS.iter().map(|&p| pct(p)).collect()
    };
    let mut raw = Welch::default();
    let mut cropped = vec![Welch::default(); cuts.len()];
    for &(c, ns) in samples {
        raw.push(c as usize, ns as f64);
        for (w, &cut) in cropped.iter_mut().zip(&cuts) {
            if ns <= cut {
                w.push(c as usize, ns as f64);
            }
        }
    }
    let mut max_t = raw.t();
    let mut at = "raw".to_string();
    for (w, p) in cropped.iter().zip(CROPS) {
        if w.t().abs() > max_t.abs() {
            max_t = w.t();
            at = format!("p{}", p * 100.0);
        }
    }
    Outcome {
        samples: samples.len(),
        max_t,
        at,
        median_ns,
    }
}

struct Options {
    seconds: f64,
    threshold: f64,
    filter: Option<String>,
    list: bool,
}

fn parse_args() -> Result<Options, String> {
    let mut o = Options {
        seconds: 300.0,
        threshold: 10.0,
        filter: None,
        list: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |what: &str| args.next().ok_or(format!("{a} needs {what}"));
        match a.as_str() {
            // CI: about two minutes for every test on a CPU with every backend.
            "--quick" => o.seconds = 120.0,
            "--seconds" => {
                o.seconds = value("a number")?.parse().map_err(|e| format!("{e}"))?;
            }
            "--threshold" => {
                o.threshold = value("a number")?.parse().map_err(|e| format!("{e}"))?;
            }
            "--filter" => o.filter = Some(value("a substring")?),
            "--list" => o.list = true,
            _ => {
                return Err(format!(
                    "unknown argument {a}\nusage: ct-dudect [--quick | --seconds TOTAL] \
                     [--threshold T] [--filter SUBSTRING] [--list]"
                ));
            }
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match parse_args() {
        Ok(o) => o,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    let tests: Vec<Test> = all_tests()
        .into_iter()
        .filter(|t| o.filter.as_deref().is_none_or(|f| t.name.contains(f)))
        .collect();
    if o.list {
        for t in &tests {
            println!("{}", t.name);
        }
        return ExitCode::SUCCESS;
    }
    let total_weight: f64 = tests.iter().map(|t| t.weight).sum();
    println!(
        "ct-dudect: {} tests, {:.0} s in all, threshold |t| > {}",
        tests.len(),
        o.seconds,
        o.threshold
    );
    println!(
        "{:32} | {:>9} | {:>9} | {:>7} | {:>5} | verdict",
        "test", "samples", "median ns", "max |t|", "at"
    );
    let mut failed = Vec::new();
    for (i, t) in tests.iter().enumerate() {
        let budget = Duration::from_secs_f64(o.seconds * t.weight / total_weight);
        let r = run_test(t, budget, 0x00d0_dec7 + i as u64);
        let canary = t.name.starts_with(CANARY);
        let bad = (r.max_t.abs() > o.threshold) != canary || r.samples < 1000;
        println!(
            "{:32} | {:>9} | {:>9.0} | {:>7.2} | {:>5} | {}",
            t.name,
            r.samples,
            r.median_ns,
            r.max_t.abs(),
            r.at,
            match (bad, canary) {
                (false, false) => "ok",
                (false, true) => "ok (canary caught)",
                (true, false) => "FAIL",
                (true, true) => "FAIL (canary NOT caught: the harness is blind)",
            }
        );
        if bad {
            failed.push(t.name.clone());
        }
    }
    if failed.is_empty() {
        println!(
            "ct-dudect: OK: every |t| ≤ {} (the canaries' above it)",
            o.threshold
        );
        ExitCode::SUCCESS
    } else {
        println!("ct-dudect: FAIL: {failed:?}");
        ExitCode::FAILURE
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn welch_t_matches_a_hand_computation() {
        // Class 0: 1, 2, 3 (mean 2, variance 1); class 1: 4, 6, 8 (mean 6, variance 4).
        // t = (2 − 6) / sqrt(1/3 + 4/3) = −4 / sqrt(5/3) = −3.0984…
        let mut w = Welch::default();
        for x in [1.0, 2.0, 3.0] {
            w.push(0, x);
        }
        for x in [4.0, 6.0, 8.0] {
            w.push(1, x);
        }
        assert!((w.t() + 4.0 / (5.0f64 / 3.0).sqrt()).abs() < 1e-12);
    }

    #[test]
    fn a_timing_difference_is_found_and_equal_classes_are_not() {
        // Deterministic "timings": class 1 takes 10 ns longer; then both classes alike.
        let mut rng = TestRng::new(7);
        let leaky: Vec<(u8, u32)> = (0..20_000)
            .map(|_| {
                let c = (rng.word() & 1) as u8;
                (c, 1000 + (rng.word() % 50) as u32 + 10 * c as u32)
            })
            .collect();
        assert!(analyse(&leaky).max_t.abs() > 10.0);
        let clean: Vec<(u8, u32)> = (0..20_000)
            .map(|_| ((rng.word() & 1) as u8, 1000 + (rng.word() % 50) as u32))
            .collect();
        assert!(analyse(&clean).max_t.abs() < 5.0);
    }
}
