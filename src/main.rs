// mimalloc: loading pages allocates many small strings and trees; glibc's
// allocator spends a large share of a check in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    no_huge_pages();
    frontlint::cli::main()
}

/// Transparent huge pages off for this process. mimalloc asks for them
/// (`MADV_HUGEPAGE`) on every region it maps, and the kernel then has to find
/// 2 MB of contiguous free memory at each first touch: by compacting when
/// the page cache fills the RAM, and from memory just handed back to the
/// hypervisor after another process exited. A run gains nothing from them
/// (it touches each page a few times), and its system time drops, most
/// right after a process that used much memory (see docs/benchmarks.md,
/// "After a memory-hungry process").
#[cfg(target_os = "linux")]
fn no_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes plain integers and touches no memory of ours.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_huge_pages() {}
