//! The team's gonogo: every built-in check plus the team's own.

fn main() -> std::process::ExitCode {
    team_checks::link();
    gonogo_cli::main()
}
