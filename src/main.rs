//! The `copydesk` binary: parse arguments, run, exit with the right code.

use std::process::ExitCode;

mod cli;
mod files;
mod progress;
mod run;

// mimalloc: the pipeline makes many small, short-lived allocations (lines,
// changes, reasons), which it serves faster than the system allocator.
#[cfg(not(feature = "count-allocs"))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// With `--features count-allocs`, every allocation is counted and the count
/// printed on standard error at the end, for the benchmarks' allocations per
/// line (`benches/corpus.sh`).
#[cfg(feature = "count-allocs")]
mod count {
    use std::alloc::{GlobalAlloc, Layout};
    use std::sync::atomic::{AtomicU64, Ordering};

    pub static ALLOCATIONS: AtomicU64 = AtomicU64::new(0);

    pub struct Counting;

    // SAFETY: every call is passed to the system allocator unchanged (so that
    // heap profilers such as valgrind's dhat see them too); only a counter is
    // added.
    unsafe impl GlobalAlloc for Counting {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { std::alloc::System.alloc(layout) }
        }
        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            // SAFETY: the caller's contract, passed on.
            unsafe { std::alloc::System.dealloc(ptr, layout) }
        }
        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { std::alloc::System.alloc_zeroed(layout) }
        }
        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            ALLOCATIONS.fetch_add(1, Ordering::Relaxed);
            // SAFETY: the caller's contract, passed on.
            unsafe { std::alloc::System.realloc(ptr, layout, new_size) }
        }
    }

    #[global_allocator]
    static GLOBAL: Counting = Counting;
}

fn main() -> ExitCode {
    let code = cli::run();
    #[cfg(feature = "count-allocs")]
    eprintln!(
        "copydesk: allocations: {}",
        count::ALLOCATIONS.load(std::sync::atomic::Ordering::Relaxed)
    );
    code
}
