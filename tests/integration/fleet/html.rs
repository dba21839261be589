//! The HTML report rendered in headless Chromium.

use gonogo_tests::{Seeder, chromium};

use super::{ACCOUNT_A, ACCOUNT_B, ENCRYPTION, PASSWORD, seeded_fleet, unencrypted};

#[tokio::test]
async fn the_html_report_renders_in_chromium_with_verdict_categories_baseline_and_accounts() {
    let Some(chromium) = chromium::find("the fleet HTML page test") else {
        return;
    };
    let (moto, gonogo, file) = seeded_fleet(&[
        (ACCOUNT_A, "audit", Some("prod")),
        (ACCOUNT_B, "audit", Some("<b>staging</b>")),
    ])
    .await;
    let checks = [
        "--check",
        ENCRYPTION,
        "--check",
        PASSWORD,
        "--accounts",
        &file,
        "--regions",
        "us-east-1,eu-west-1",
    ];
    let first = gonogo.audit(None, &checks);
    let baseline = gonogo.file("baseline.json", &first.report().to_string());
    Seeder::in_account(&moto, ACCOUNT_B, "eu-west-1")
        .await
        .queue("b-west-new", &unencrypted())
        .await;
    let page = gonogo.dir().join("report.html");
    let run = gonogo.audit(
        None,
        &[
            &checks[..],
            &[
                "--baseline",
                baseline.to_str().unwrap(),
                "--html",
                page.to_str().unwrap(),
            ],
        ]
        .concat(),
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        !html.contains("http://") && !html.contains("https://"),
        "no network assets"
    );
    assert!(!html.contains("<b>staging</b>"), "AWS text is escaped");

    let url = format!("file://{}", page.display());
    let profile = tempfile::tempdir().unwrap();
    let dom = chromium::headless(
        &chromium,
        profile.path(),
        &["--dump-dom".to_owned(), url.clone()],
    );
    let dom_text = String::from_utf8_lossy(&dom.stdout);
    let dom_page = scraper::Html::parse_document(&dom_text);
    let text_of = |selector: &str| -> String {
        let selector = scraper::Selector::parse(selector).unwrap();
        dom_page
            .select(&selector)
            .map(|e| e.text().collect::<String>())
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert!(text_of("#verdict").contains("NO-GO"), "{dom_text}");
    let score = run.report()["score"].as_f64().unwrap();
    assert!(
        text_of("#verdict").contains(&score.to_string()),
        "{}",
        text_of("#verdict")
    );
    assert!(text_of("#categories").contains("security"));
    assert!(
        text_of("#baseline-counts").starts_with("1 new, "),
        "{}",
        text_of("#baseline-counts")
    );
    let grid = text_of("#accounts");
    assert!(
        grid.contains("prod (111111111111)") && grid.contains("<b>staging</b> (222222222222)"),
        "{grid}"
    );
    // The filter script ran: it counts the rows it shows.
    let rows = run.report()["checks"].as_array().unwrap().len();
    assert!(
        text_of("#shown").contains(" rows"),
        "the page's script did not run: {}",
        text_of("#shown")
    );
    assert!(
        text_of("#checks").contains("b-west-new"),
        "findings are listed"
    );
    assert!(rows >= 2);

    // A filter given in the fragment is applied on load: only matching rows are shown.
    let visible_rows = |fragment: &str| -> (Vec<(String, String)>, usize) {
        let out = chromium::headless(
            &chromium,
            profile.path(),
            &["--dump-dom".to_owned(), format!("{url}#{fragment}")],
        );
        let page = scraper::Html::parse_document(&String::from_utf8_lossy(&out.stdout));
        let rows = scraper::Selector::parse("#checks tbody tr").unwrap();
        let total = page.select(&rows).count();
        let visible = page
            .select(&rows)
            .filter(|r| !r.value().attr("style").unwrap_or("").contains("none"))
            .map(|r| {
                (
                    r.value().attr("data-status").unwrap_or("").to_owned(),
                    r.text().collect::<String>(),
                )
            })
            .collect();
        (visible, total)
    };
    let (matching, total) = visible_rows("q=b-west-new");
    assert!(
        !matching.is_empty() && matching.len() < total,
        "{matching:?}"
    );
    assert!(matching.iter().all(|(_, text)| text.contains("b-west-new")));
    let (failing, _) = visible_rows("status=fail");
    assert!(!failing.is_empty() && failing.iter().all(|(status, _)| status == "fail"));

    let shot = gonogo.dir().join("report.png");
    let out = chromium::headless(
        &chromium,
        profile.path(),
        &[
            format!("--screenshot={}", shot.display()),
            "--window-size=1280,1600".to_owned(),
            url,
        ],
    );
    let png = std::fs::read(&shot).unwrap_or_else(|err| {
        panic!(
            "no screenshot ({err}): {}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    assert!(
        png.starts_with(b"\x89PNG") && png.len() > 10_000,
        "{} bytes",
        png.len()
    );
}
