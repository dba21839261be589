//! The manual as the tests read it: the README and every page of `docs/`, so that a test of
//! the commands, policies or tables it shows follows the text to whichever page holds it.

use std::path::{Path, PathBuf};

/// The workspace root.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// A page of the manual: `README.md`, or a path under `docs/` (`docs/deploy.md`).
pub fn manual_page(path: &str) -> String {
    let path = root().join(path);
    std::fs::read_to_string(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()))
}

/// The path of a page of the manual, for a test that rewrites a generated page.
pub fn manual_path(path: &str) -> PathBuf {
    root().join(path)
}

/// Every page: the README, then `docs/*.md` sorted, each with its path.
pub fn manual_pages() -> Vec<(String, String)> {
    let mut names: Vec<String> = std::fs::read_dir(root().join("docs"))
        .expect("docs/")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".md"))
        .collect();
    names.sort();
    std::iter::once("README.md".to_owned())
        .chain(names.into_iter().map(|n| format!("docs/{n}")))
        .map(|path| (manual_page(&path), path))
        .map(|(text, path)| (path, text))
        .collect()
}

/// Compares a generated page with the one in the repository; with `GONOGO_BLESS=1` rewrites
/// it instead.
pub fn assert_page(path: &str, generated: &str) {
    if std::env::var_os("GONOGO_BLESS").is_some() {
        let target = manual_path(path);
        std::fs::write(&target, generated)
            .unwrap_or_else(|err| panic!("{}: {err}", target.display()));
        return;
    }
    let current = manual_page(path);
    assert!(
        current == generated,
        "{path} is out of date with what generates it: rewrite it with GONOGO_BLESS=1"
    );
}
