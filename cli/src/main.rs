//! The `gonogo` binary.

fn main() -> std::process::ExitCode {
    gonogo_cli::main()
}
