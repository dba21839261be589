//! `gonogo build-info` (hidden): where this binary was built from, so the test suite can
//! refuse to run a binary built from another checkout.

use serde_json::json;

pub(crate) fn run() -> anyhow::Result<i32> {
    let info = json!({
        "version": env!("CARGO_PKG_VERSION"),
        "manifest_dir": env!("CARGO_MANIFEST_DIR"),
    });
    outln!("{info}");
    Ok(0)
}
