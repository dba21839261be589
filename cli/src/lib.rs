//! gonogo-cli: the `gonogo` command line.
//!
//! [`main`] is public so a team's own binary is `fn main() { team_checks::link(); gonogo_cli::main() }`:
//! the whole CLI, with the team's checks registered beside the built-in ones.

/// `print!` to stdout, except that a closed pipe (`gonogo frameworks | head -1`) ends the
/// output quietly instead of panicking: the exit code stays the one the command decided.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!($($arg)*))
    };
}

/// `println!` the way [`out!`] prints.
macro_rules! outln {
    () => {
        $crate::output::stdout(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::output::stdout(format_args!("{}\n", format_args!($($arg)*)))
    };
}

mod args;
mod cmd;
mod interrupt;
mod output;
mod progress;

use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::Arc;

use clap::Parser;
use gonogo_core::catalogue::Catalogue;
use gonogo_core::exit_codes;

use crate::args::{Cli, Command, PolicyCommand};

/// Checks a command line (`["gonogo", "audit", …]`) against the CLI's definition without
/// running anything: how the scheduling examples are kept valid.
pub fn parse_arguments<I, T>(argv: I) -> Result<(), String>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    Cli::try_parse_from(argv)
        .map(drop)
        .map_err(|err| err.to_string())
}

/// Runs the CLI with the process arguments and returns its exit code: 0 GO, 1 CONDITIONAL GO,
/// 2 NO-GO, 3 the audit could not be performed or finished (usage errors included).
pub fn main() -> ExitCode {
    // The built-in checks register themselves; naming the crate keeps the linker from
    // dropping them.
    gonogo_checks::link();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                exit_codes::INCOMPLETE
            } else {
                0
            };
            let _ = err.print();
            return exit(code);
        }
    };
    init_tracing(cli.verbose);
    // Two checks or stages under one name, a broken framework file or two frameworks with
    // one id stop every command at start-up.
    let catalogue = match Catalogue::load() {
        Ok(catalogue) => Arc::new(catalogue),
        Err(err) => {
            eprintln!("error: {err}");
            return exit(exit_codes::INCOMPLETE);
        }
    };
    cap_malloc_arenas();
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: failed to start the async runtime: {err}");
            return exit(exit_codes::INCOMPLETE);
        }
    };
    let result = runtime.block_on(async {
        match cli.command {
            Command::Audit(args) => cmd::audit::run(*args, &catalogue).await,
            Command::Merge(args) => cmd::merge::run(*args, &catalogue).await,
            Command::List(args) => cmd::list::run(&args, &catalogue),
            Command::Explain(args) => cmd::explain::run(&args, &catalogue),
            Command::Snapshot(args) => cmd::snapshot::run(*args, &catalogue).await,
            Command::Deploy(args) => cmd::deploy::run(*args, Arc::clone(&catalogue)).await,
            Command::Rollback(args) => cmd::deploy::rollback(*args, Arc::clone(&catalogue)).await,
            Command::Whoami(args) => cmd::whoami::run(&args).await,
            Command::Accounts(args) => cmd::accounts::run(&args).await,
            Command::Frameworks(args) => cmd::frameworks::run(&args, &catalogue.frameworks),
            Command::Permissions(args) => cmd::permissions::run(&args, &catalogue),
            Command::Policy {
                command: PolicyCommand::Init(args),
            } => cmd::policy::init(&args, &catalogue),
            Command::Policy {
                command: PolicyCommand::Check(args),
            } => cmd::policy::check(&args, &catalogue),
            Command::Schema(args) => cmd::schema::run(&args, &catalogue),
            Command::Docs(args) => cmd::docs::run(&args, &catalogue),
            Command::BuildInfo => cmd::build_info::run(),
        }
    });
    match result {
        Ok(code) => exit(code),
        Err(err) => {
            eprintln!("error: {err:#}");
            exit(exit_codes::INCOMPLETE)
        }
    }
}

fn exit(code: i32) -> ExitCode {
    ExitCode::from(u8::try_from(code).unwrap_or(u8::MAX))
}

fn init_tracing(verbose: u8) {
    use tracing_subscriber::Layer as _;
    use tracing_subscriber::layer::SubscriberExt as _;
    use tracing_subscriber::util::SubscriberInitExt as _;

    // The SDK's logs (its region and credential providers' warnings, with HTTP headers; its
    // debug logs print the access key id) never reach the terminal unless GONOGO_LOG asks:
    // gonogo says in one line what went wrong and what to do.
    let default = match verbose {
        0 => "warn",
        1 => "info",
        _ => "debug",
    };
    let asked = std::env::var_os("GONOGO_LOG").is_some();
    let filter = tracing_subscriber::EnvFilter::try_from_env("GONOGO_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    let not_the_sdk =
        tracing_subscriber::filter::filter_fn(move |meta| asked || !is_sdk(meta.target()));
    let _ = tracing_subscriber::registry()
        .with(
            tracing_subscriber::fmt::layer()
                .with_writer(std::io::stderr)
                .with_ansi(
                    std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
                )
                .with_filter(filter)
                .with_filter(not_the_sdk),
        )
        .try_init();
}

/// Whether a log target is the AWS SDK's or its HTTP stack's.
fn is_sdk(target: &str) -> bool {
    ["aws_", "hyper", "h2", "rustls", "tower"]
        .iter()
        .any(|prefix| target.starts_with(prefix))
}

/// Caps glibc's malloc arenas at two, unless `MALLOC_ARENA_MAX` says otherwise. By default
/// glibc gives each thread that contends for the heap an arena of its own (up to eight per
/// core), and an audit's runtime threads then keep that much more freed memory: 3 MiB of the
/// peak at scale 100 (`bench/run.sh`).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn cap_malloc_arenas() {
    if std::env::var_os("MALLOC_ARENA_MAX").is_none() {
        // SAFETY: mallopt only sets an allocator parameter, and this runs before the runtime
        // starts any thread.
        unsafe {
            libc::mallopt(libc::M_ARENA_MAX, 2);
        }
    }
}

/// Other allocators need no cap.
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn cap_malloc_arenas() {}
