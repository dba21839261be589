//! Every table fits the terminal it is printed in: 80 columns read well (no check id split
//! mid-word, messages wrapped under their check with an indent), 200 use the room. `COLUMNS`
//! sets the width, as a terminal would; the outputs are snapshots.

use gonogo_tests::{Gonogo, demo_policy, demo_snapshot};

/// `gonogo ARGS` printed at `columns`, every line checked to fit.
fn at(columns: u16, args: &[&str]) -> String {
    let gonogo = Gonogo::new(None).env("COLUMNS", &columns.to_string());
    let out = gonogo.run(args);
    let stdout = String::from_utf8(out.stdout).unwrap();
    for line in stdout.lines() {
        assert!(
            line.chars().count() <= usize::from(columns),
            "{} columns > {columns}: {line}",
            line.chars().count()
        );
    }
    stdout
}

fn demo(columns: u16) -> String {
    let snapshot = demo_snapshot();
    let policy = demo_policy();
    at(
        columns,
        &[
            "audit",
            "--snapshot",
            snapshot.to_str().unwrap(),
            "--policy",
            policy.to_str().unwrap(),
        ],
    )
}

#[test]
fn the_demo_at_80_columns_keeps_ids_whole() {
    let text = demo(80);
    for line in text.lines().filter(|l| l.starts_with("FAIL ")) {
        let id = line.split_whitespace().nth(2).unwrap();
        assert!(
            id.contains('.') && !id.ends_with('-'),
            "a whole check id: {line}"
        );
    }
    insta::assert_snapshot!("demo_80", text);
}

#[test]
fn the_demo_at_200_columns_is_a_table() {
    let text = demo(200);
    assert!(text.contains("│ Status ┆ Check"), "{text}");
    insta::assert_snapshot!("demo_200", text);
}

#[test]
fn listings_and_explain_fit_80_and_200_columns() {
    for columns in [80, 200] {
        let list = at(columns, &["list"]);
        insta::assert_snapshot!(format!("list_{columns}"), list);
        let frameworks = at(columns, &["frameworks"]);
        insta::assert_snapshot!(format!("frameworks_{columns}"), frameworks);
        let permissions = at(columns, &["permissions", "--format", "table"]);
        insta::assert_snapshot!(format!("permissions_{columns}"), permissions);
        let explain = at(columns, &["explain", "operations.dynamodb-ttl"]);
        insta::assert_snapshot!(format!("explain_{columns}"), explain);
    }
}
