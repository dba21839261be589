//! The command line as a user meets it: arguments, the demo, verdicts and exit codes,
//! interruption and faults, snapshots, permissions, `--stats`, schedules, and what must never
//! reach a report (credentials, a GO on what was not judged).

mod arguments;
mod demo;
mod demo_recording;
mod faults;
mod first_run;
mod permissions;
mod schedule;
mod secrets;
mod snapshots;
mod stats;
mod trust;
mod verdicts;
mod widths;
