//! Headless Chromium (Debian's `chromium`) for the tests of the HTML report: only `file://`
//! pages, with Chromium's own background networking, updates and sync off, so nothing leaves
//! the machine. `.ci/run` installs it; without it the tests that need it say so and skip.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// Chromium, or `None` (saying why) where it is not installed.
pub fn find(what: &str) -> Option<PathBuf> {
    let found = ["chromium", "chromium-browser"].iter().find_map(|name| {
        std::env::var_os("PATH").and_then(|paths| {
            std::env::split_paths(&paths)
                .map(|dir| dir.join(name))
                .find(|p| p.is_file())
        })
    });
    if found.is_none() {
        println!(
            "SKIPPED: chromium is not installed (Debian package `chromium`; .ci/run installs it): {what}"
        );
    }
    found
}

/// Runs headless Chromium on a fresh profile in `profile` with `args`.
pub fn headless(chromium: &Path, profile: &Path, args: &[String]) -> Output {
    Command::new(chromium)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-default-apps",
            "--disable-extensions",
            "--disable-sync",
            "--hide-scrollbars",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(args)
        .output()
        .expect("run chromium")
}
