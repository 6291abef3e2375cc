//! Stage timings for profiling: `ANNALIST_TIMINGS=1 annalist build` prints how long each stage
//! of a build or a preview update took. Off (and free) otherwise.

/// Prints how long each stage took to standard error when `ANNALIST_TIMINGS` is set (for
/// profiling builds; never in normal output).
pub(crate) struct StageTimer {
    label: &'static str,
    started: Option<std::time::Instant>,
}

impl StageTimer {
    pub(crate) fn start(label: &'static str) -> StageTimer {
        let on = std::env::var_os("ANNALIST_TIMINGS").is_some();
        StageTimer {
            label,
            started: on.then(std::time::Instant::now),
        }
    }
}

impl Drop for StageTimer {
    fn drop(&mut self) {
        if let Some(started) = self.started {
            eprintln!(
                "timing: {:<22} {:>8.1} ms",
                self.label,
                started.elapsed().as_secs_f64() * 1000.0
            );
        }
    }
}
