//! Timing: every row (an operation on a thread count) gets an equal share of the budget; within
//! it a warm-up that also sizes the batches, then [`SLICES`] timed slices. A row reports the
//! median slice's throughput and the slowest and fastest slice (the spread). With several
//! threads each copy runs its own workload and the slices start together (a barrier); a slice's
//! throughput is the sum of the copies' rates. A `library` operation runs as one copy whose
//! workload drives a rayon pool of that many threads.

use std::sync::Barrier;
use std::time::{Duration, Instant};

use super::ops::{Built, Op, Slot, Threading, Unit, Workload};
use crate::progress::Progress;

/// Timed slices per row.
pub const SLICES: usize = 5;
/// Below this a share of the budget measures mostly noise; a larger total is accepted instead.
pub const MIN_SHARE: Duration = Duration::from_millis(30);
/// Batches per slice: long enough that reading the clock costs nothing, short enough that a
/// slice ends close to its time.
const BATCHES_PER_SLICE: u32 = 20;

/// One measured row.
#[derive(Clone, Debug)]
pub struct Measured {
    /// Index of the operation in the list the plan was made from.
    pub op: usize,
    pub threads: usize,
    pub backend: String,
    /// In the operation's unit (MB/s or ops/s): the median slice, the slowest, the fastest.
    pub median: f64,
    pub min: f64,
    pub max: f64,
    /// Every slice, in the order run.
    pub samples: [f64; SLICES],
}

/// How the budget is shared out.
#[derive(Clone, Copy, Debug)]
pub enum Budget {
    /// This long for every row.
    PerRow(Duration),
    /// This long in all, shared equally (at least [`MIN_SHARE`] a row).
    Total(Duration),
}

/// The rows to measure, in order: operations outermost, then thread counts, so that an
/// operation's rows on 1 and N threads run back to back and a change in the machine's load
/// during the run moves both (the scaling compares them).
pub struct Plan {
    rows: Vec<(usize, usize)>,
    pub share: Duration,
}

impl Plan {
    /// Every operation at every thread count.
    pub fn new(ops: usize, thread_counts: &[usize], budget: Budget) -> Plan {
        let rows: Vec<_> = (0..ops)
            .flat_map(|op| thread_counts.iter().map(move |&th| (th, op)))
            .collect();
        let share = match budget {
            Budget::PerRow(d) => d,
            Budget::Total(t) => (t / rows.len().max(1) as u32).max(MIN_SHARE),
        };
        Plan { rows, share }
    }

    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// The time the plan takes (the shares; building the workloads adds a little).
    pub fn seconds(&self) -> f64 {
        self.share.as_secs_f64() * self.rows.len() as f64
    }

    /// Measure every row; the first workload that cannot be built ends the run.
    pub fn run(&self, ops: &[&Op], progress: &mut Progress) -> Result<Vec<Measured>, String> {
        let mut out = Vec::with_capacity(self.rows.len());
        for &(threads, i) in &self.rows {
            let op = ops[i];
            progress.step(&format!(
                "{} {}, {} thread{}",
                op.name,
                op.size_label(),
                threads,
                if threads == 1 { "" } else { "s" }
            ));
            out.push(measure(op, i, threads, self.share)?);
        }
        Ok(out)
    }
}

/// Time `op` on `threads` threads within `share`.
fn measure(op: &Op, index: usize, threads: usize, share: Duration) -> Result<Measured, String> {
    let copies = match op.threading {
        Threading::Copies => threads,
        Threading::Library => 1,
    };
    let mut built: Vec<Built> = (0..copies)
        .map(|thread| (op.make)(Slot { thread, threads }))
        .collect::<Result<_, _>>()?;
    let backend = built[0].backend.clone();
    // Warm-up takes one slice's worth of time.
    let slice = share / (SLICES as u32 + 1);
    let barrier = Barrier::new(copies);
    let per_copy: Vec<[f64; SLICES]> = std::thread::scope(|s| {
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
    let scale = op.per_iteration()
        / match op.unit {
            Unit::Bytes => 1e6,
            Unit::Ops => 1.0,
        };
    let samples: [f64; SLICES] =
        core::array::from_fn(|i| per_copy.iter().map(|rates| rates[i]).sum::<f64>() * scale);
    let mut sorted = samples;
    sorted.sort_by(f64::total_cmp);
    Ok(Measured {
        op: index,
        threads,
        backend,
        median: sorted[SLICES / 2],
        min: sorted[0],
        max: sorted[SLICES - 1],
        samples,
    })
}

/// One copy's part: warm up and size the batch, then [`SLICES`] slices (each started together
/// with the other copies); iterations per second in each slice.
fn time_slices(work: &mut dyn Workload, slice: Duration, barrier: &Barrier) -> [f64; SLICES] {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plan_shares() {
        let p = Plan::new(3, &[1, 2], Budget::Total(Duration::from_secs(6)));
        assert_eq!(p.len(), 6);
        assert_eq!(p.share, Duration::from_secs(1));
        // Each operation on every thread count before the next operation.
        assert_eq!(p.rows, [(1, 0), (2, 0), (1, 1), (2, 1), (1, 2), (2, 2)]);
        let p = Plan::new(1000, &[1], Budget::Total(Duration::from_secs(1)));
        assert_eq!(p.share, MIN_SHARE);
        let p = Plan::new(4, &[1, 2, 4], Budget::PerRow(Duration::from_millis(100)));
        assert_eq!(p.len(), 12);
        assert!((p.seconds() - 1.2).abs() < 1e-9);
    }
}
