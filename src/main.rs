fn main() -> std::process::ExitCode {
    frontlint::cli::main()
}
