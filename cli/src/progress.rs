//! Progress on stderr for the long commands (`gmkit bench`, `gmkit kat`).

use std::io::{self, Write};
use std::time::{Duration, Instant};

/// How progress shows.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Show {
    /// A bar redrawn in place (stderr is a terminal).
    Bar,
    /// One line per step.
    Lines,
    /// Nothing.
    Off,
}

/// Progress on stderr: a bar redrawn in place (with the time left), a line per step, or nothing.
pub struct Progress {
    prefix: &'static str,
    total: usize,
    done: usize,
    show: Show,
    /// Expected time per step, for the estimate on the bar (zero: no estimate).
    step_time: Duration,
    start: Instant,
}

impl Progress {
    pub fn new(prefix: &'static str, total: usize, show: Show) -> Progress {
        Progress {
            prefix,
            total,
            done: 0,
            show,
            step_time: Duration::ZERO,
            start: Instant::now(),
        }
    }

    /// Show the time left on the bar, at `step` per remaining step.
    pub fn with_step_time(mut self, step: Duration) -> Progress {
        self.step_time = step;
        self
    }

    /// Announce the next step.
    pub fn step(&mut self, what: &str) {
        let i = self.done;
        self.done += 1;
        if self.show == Show::Off {
            return;
        }
        let mut err = io::stderr().lock();
        // Progress is best effort: a closed stderr must not stop the run.
        let _ = if self.show == Show::Bar {
            const WIDTH: usize = 30;
            let filled = i * WIDTH / self.total.max(1);
            let left = self.step_time * (self.total.saturating_sub(i)) as u32;
            let eta = if left.is_zero() {
                String::new()
            } else {
                format!(" ~{} left,", clock(left))
            };
            write!(
                err,
                "\r\x1b[2K{}: [{}{}] {}/{}{eta} {} elapsed: {what}",
                self.prefix,
                "#".repeat(filled),
                ".".repeat(WIDTH - filled),
                i + 1,
                self.total,
                clock(self.start.elapsed()),
            )
        } else {
            writeln!(err, "{}: [{}/{}] {what}", self.prefix, i + 1, self.total)
        };
        let _ = err.flush();
    }

    /// Erase the bar (terminal only).
    pub fn clear(&mut self) {
        if self.show == Show::Bar {
            let _ = write!(io::stderr(), "\r\x1b[2K");
        }
    }
}

/// `1:05`.
fn clock(d: Duration) -> String {
    let s = d.as_secs();
    format!("{}:{:02}", s / 60, s % 60)
}
