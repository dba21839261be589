//! The HTML report in a real browser: headless Chromium (Debian's `chromium`, which `.ci/run`
//! installs) loads the page from a file, at 800 and 1400 px,
//! with a finding whose resource name is 1 KB long, and the page never scrolls sideways.
//! A screenshot of each width is kept in `target/artefacts/` for CI to keep.
//!
//! Only `file://` pages are opened, with Chromium's background networking off: nothing leaves
//! the machine. Where Chromium is missing the test says so and skips (`.ci/run` installs it).

use std::path::{Path, PathBuf};

use gonogo_tests::{Gonogo, chromium, demo_snapshot};
use serde_json::Value;

/// The demo's report, one finding's resource made 1 KB long, as HTML in `dir`.
fn long_name_report(gonogo: &Gonogo) -> PathBuf {
    let snapshot = demo_snapshot();
    gonogo.run(&[
        "audit",
        "--snapshot",
        snapshot.to_str().unwrap(),
        "--json",
        "report.json",
    ]);
    let mut report = gonogo.read_json("report.json");
    let long = format!("arn:aws:s3:::{}", "a-very-long-bucket-name".repeat(45));
    assert!(long.len() > 1024);
    let finding = report["checks"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .flat_map(|c| c["findings"].as_array_mut().unwrap().iter_mut())
        .find(|f| f["status"] == "fail")
        .unwrap();
    finding["resource"] = Value::from(long);
    gonogo.file("long.json", &report.to_string());
    let out = gonogo.run(&["merge", "long.json", "--html", "report.html"]);
    assert!(
        gonogo.dir().join("report.html").is_file(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    gonogo.dir().join("report.html")
}

#[test]
fn the_html_report_never_scrolls_sideways_at_800_or_1400_px() {
    let Some(chromium) = chromium::find("the HTML layout test") else {
        return;
    };
    let gonogo = Gonogo::new(None);
    let page = long_name_report(&gonogo);
    // The page with a probe that writes the document's widths into the DOM Chromium dumps
    // (the report's policy allows inline scripts: its own filter is one).
    let html = std::fs::read_to_string(&page).unwrap();
    let probe = "<script>document.body.setAttribute('data-probe',document.documentElement.scrollWidth+' '+document.documentElement.clientWidth);</script></body>";
    let probed = gonogo.file("probed.html", &html.replacen("</body>", probe, 1));
    let artefacts = gonogo_tests::gonogo_binary()
        .parent()
        .and_then(Path::parent)
        .unwrap()
        .join("artefacts");
    std::fs::create_dir_all(&artefacts).unwrap();
    for width in [800, 1400] {
        let window = format!("--window-size={width},1000");
        let profile = tempfile::tempdir().unwrap();
        let out = chromium::headless(
            &chromium,
            profile.path(),
            &[
                window.clone(),
                "--virtual-time-budget=3000".to_owned(),
                "--dump-dom".to_owned(),
                format!("file://{}", probed.display()),
            ],
        );
        let dom = String::from_utf8_lossy(&out.stdout);
        let probe = dom
            .split("data-probe=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| {
                panic!(
                    "no probe in the DOM at {width} px: {}",
                    String::from_utf8_lossy(&out.stderr)
                )
            });
        let (scroll, client) = probe.split_once(' ').unwrap();
        let (scroll, client): (u32, u32) = (scroll.parse().unwrap(), client.parse().unwrap());
        assert!(client > 0 && client <= width, "{probe} at {width} px");
        assert!(
            scroll <= client,
            "the page scrolls sideways at {width} px: scrollWidth {scroll} > clientWidth {client}"
        );

        let shot = artefacts.join(format!("html-report-{width}.png"));
        let _ = std::fs::remove_file(&shot);
        let profile = tempfile::tempdir().unwrap();
        chromium::headless(
            &chromium,
            profile.path(),
            &[
                window,
                format!("--screenshot={}", shot.display()),
                format!("file://{}", page.display()),
            ],
        );
        assert!(
            std::fs::metadata(&shot).is_ok_and(|m| m.len() > 10_000),
            "a screenshot at {width} px in {}",
            shot.display()
        );
    }
}
