// mimalloc: loading pages allocates many small strings and trees; glibc's
// allocator spent over 10% of a 10k-page check in malloc/free.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    frontlint::cli::main()
}
