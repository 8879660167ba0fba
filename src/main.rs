//! The `sleuths` binary: parse the command line and run it.

/// jemalloc, purging freed pages in a background thread about a second after they are freed: after a
/// burst of 2,000 event streams glibc's malloc kept 3x the fresh process's memory in its per-thread
/// arenas; jemalloc so configured returns to within 1.2x (`cargo bench --bench http -- bursts`).
#[cfg(target_os = "linux")]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

/// jemalloc's options, read at its start from this symbol (the crate's `_rjem_` prefix).
#[cfg(target_os = "linux")]
#[expect(unsafe_code, reason = "jemalloc reads its options from this exported symbol")]
#[unsafe(export_name = "_rjem_malloc_conf")]
static MALLOC_CONF: MallocConf = MallocConf(c"background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0".as_ptr());

/// A C string pointer that may live in a static.
#[cfg(target_os = "linux")]
#[repr(transparent)]
struct MallocConf(*const std::ffi::c_char);

// SAFETY: it points at a string literal, never written.
#[cfg(target_os = "linux")]
#[expect(
    unsafe_code,
    reason = "a raw pointer to a literal is shared between threads read-only"
)]
unsafe impl Sync for MallocConf {}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    match sleuths::cli::main().await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
