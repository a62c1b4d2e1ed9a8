//! Timing: every operation gets an equal share of the budget; within it a warm-up that also sizes
//! the batches, then [`SLICES`] timed slices, reporting the median slice's throughput. With
//! several threads each runs its own workload and the slices start together (a barrier); a
//! slice's throughput is the sum of the threads' rates.

use std::io::{self, Write};
use std::sync::Barrier;
use std::time::{Duration, Instant};

use super::ops::{Built, Op, Pair};

/// Timed slices per row; the median is reported.
pub const SLICES: usize = 5;
/// Below this a share of the budget measures mostly noise; a larger total is accepted instead.
const MIN_SHARE: Duration = Duration::from_millis(30);
/// Batches per slice: long enough that reading the clock costs nothing, short enough that a
/// slice ends close to its time.
const BATCHES_PER_SLICE: u32 = 20;

/// Which side of a pair.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Side {
    Sm,
    Intl,
}

/// One measured row.
#[derive(Clone, Debug)]
pub struct Measured {
    pub pair: usize,
    pub side: Side,
    pub threads: usize,
    pub backend: String,
    /// In the operation's unit (MB/s or ops/s).
    pub throughput: f64,
}

/// The rows to measure, in order: thread counts outermost, then pairs, SM before intl.
pub struct Plan {
    rows: Vec<(usize, usize, Side)>,
    share: Duration,
}

impl Plan {
    /// One thread, then `cores` threads (if more than one), for every pair; `budget` shared out.
    pub fn new(pairs: &[Pair], cores: usize, budget: Duration) -> Plan {
        let mut thread_counts = vec![1];
        if cores > 1 {
            thread_counts.push(cores);
        }
        let rows: Vec<_> = thread_counts
            .iter()
            .flat_map(|&th| {
                (0..pairs.len()).flat_map(move |p| [(th, p, Side::Sm), (th, p, Side::Intl)])
            })
            .collect();
        let share = (budget / rows.len().max(1) as u32).max(MIN_SHARE);
        Plan { rows, share }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Measure every row; the first workload that cannot be built ends the run.
    pub fn run(&self, pairs: &[Pair], progress: &mut Progress) -> Result<Vec<Measured>, String> {
        let mut out = Vec::with_capacity(self.rows.len());
        for (i, &(threads, p, side)) in self.rows.iter().enumerate() {
            let op = match side {
                Side::Sm => &pairs[p].sm,
                Side::Intl => &pairs[p].intl,
            };
            progress.show(i, op, threads);
            let (backend, throughput) = measure(op, threads, self.share)?;
            out.push(Measured {
                pair: p,
                side,
                threads,
                backend,
                throughput,
            });
        }
        Ok(out)
    }
}

/// Time `op` on `threads` threads within `share`: (backend, median throughput).
fn measure(op: &Op, threads: usize, share: Duration) -> Result<(String, f64), String> {
    let mut built: Vec<Built> = (0..threads)
        .map(|t| (op.make)(t))
        .collect::<Result<_, _>>()?;
    let backend = built[0].backend.clone();
    // Warm-up takes one slice's worth of time.
    let slice = share / (SLICES as u32 + 1);
    let barrier = Barrier::new(threads);
    let per_thread: Vec<[f64; SLICES]> = std::thread::scope(|s| {
        let handles: Vec<_> = built
            .iter_mut()
            .map(|b| {
                let barrier = &barrier;
                s.spawn(move || time_slices(&mut *b.work, slice, barrier))
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .map_err(|_| format!("{}: a thread panicked", op.name))
            })
            .collect::<Result<_, _>>()
    })?;
    let mut totals: [f64; SLICES] =
        core::array::from_fn(|i| per_thread.iter().map(|rates| rates[i]).sum::<f64>());
    totals.sort_by(f64::total_cmp);
    let per_second = totals[SLICES / 2] * op.per_iteration();
    let throughput = match op.unit {
        super::ops::Unit::Bytes => per_second / 1e6,
        super::ops::Unit::Ops => per_second,
    };
    Ok((backend, throughput))
}

/// One thread's part: warm up and size the batch, then [`SLICES`] slices (each started together
/// with the other threads); iterations per second in each slice.
fn time_slices(
    work: &mut dyn super::ops::Workload,
    slice: Duration,
    barrier: &Barrier,
) -> [f64; SLICES] {
    barrier.wait();
    let target = slice / BATCHES_PER_SLICE;
    let warm_up = Instant::now();
    let mut batch = 1u64;
    loop {
        let t = Instant::now();
        work.run(batch);
        let took = t.elapsed();
        // Aim the batch at `target`, growing at most 16× a step (the first runs are cold).
        let wanted = if took.is_zero() {
            batch * 16
        } else {
            (batch as f64 * target.as_secs_f64() / took.as_secs_f64()) as u64
        };
        batch = wanted.clamp(1, batch.saturating_mul(16));
        if warm_up.elapsed() >= slice {
            break;
        }
    }
    let mut rates = [0.0; SLICES];
    for r in &mut rates {
        barrier.wait();
        let start = Instant::now();
        let mut done = 0u64;
        let mut took;
        loop {
            work.run(batch);
            done += batch;
            took = start.elapsed();
            if took >= slice {
                break;
            }
        }
        *r = done as f64 / took.as_secs_f64();
    }
    rates
}

/// Progress on stderr: a bar redrawn in place on a terminal, otherwise one line per row.
pub struct Progress {
    total: usize,
    tty: bool,
}

impl Progress {
    pub fn new(total: usize, tty: bool) -> Progress {
        Progress { total, tty }
    }

    fn show(&mut self, done: usize, op: &Op, threads: usize) {
        let what = format!(
            "{} {}, {} thread{}",
            op.name,
            op.size_label(),
            threads,
            if threads == 1 { "" } else { "s" }
        );
        let mut err = io::stderr().lock();
        // Progress is best effort: a closed stderr must not stop the run.
        let _ = if self.tty {
            const WIDTH: usize = 30;
            let filled = done * WIDTH / self.total.max(1);
            write!(
                err,
                "\r\x1b[2K[{}{}] {}/{} {what}",
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                done + 1,
                self.total
            )
        } else {
            writeln!(err, "gmkit bench: [{}/{}] {what}", done + 1, self.total)
        };
        let _ = err.flush();
    }

    /// Erase the bar (terminal only).
    pub fn clear(&mut self) {
        if self.tty {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}
