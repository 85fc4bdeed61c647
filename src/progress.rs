//! A progress bar on standard error: files or records, MB, MB/s and ETA. Shown
//! only when standard error is a terminal and the run is not quiet.

use std::io::IsTerminal;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A bar over `total_bytes` (0 when unknown, as for standard input).
pub fn bar(quiet: bool, total_bytes: u64, unit: &str) -> ProgressBar {
    if quiet || !std::io::stderr().is_terminal() {
        return ProgressBar::with_draw_target(Some(total_bytes), ProgressDrawTarget::hidden());
    }
    let bar = if total_bytes > 0 {
        ProgressBar::new(total_bytes)
    } else {
        ProgressBar::new_spinner()
    };
    let template = if total_bytes > 0 {
        format!(
            "{{bar:30}} {{decimal_bytes}}/{{decimal_total_bytes}} {{decimal_bytes_per_sec}} ETA {{eta}} {{msg}} {unit}"
        )
    } else {
        format!("{{spinner}} {{decimal_bytes}} {{decimal_bytes_per_sec}} {{msg}} {unit}")
    };
    bar.set_style(
        ProgressStyle::with_template(&template).unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    bar
}
