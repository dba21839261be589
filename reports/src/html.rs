//! The HTML report: one self-contained page (inline style and script, no network assets)
//! with the verdict and score up top, a bar per category, the baseline changes, a
//! per-account grid for fleets, each framework (a bar per section, its requirements), and a
//! filterable table of checks and findings.
//!
//! Markup comes from `maud`, which escapes every interpolated string, so text from AWS can
//! never become markup. A Content-Security-Policy forbids loading anything from anywhere.

use std::collections::BTreeMap;

use gonogo_core::framework::RequirementStatus;
use gonogo_core::judged::Verdict;
use gonogo_core::{Category, Status};
use maud::{DOCTYPE, Markup, PreEscaped, html};

use crate::framework_view::FrameworkReport;
use crate::model::{
    CheckReport, Report, location, problem_location, resource_label, resource_or_check,
};

const STYLE: &str = r#"
body{font-family:system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d2430;background:#f6f7f9}
main{max-width:1200px;margin:0 auto;padding:24px}
h1{margin:0 0 4px;font-size:28px} h2{font-size:19px;margin:28px 0 10px}
.verdict{display:flex;gap:24px;align-items:center;padding:20px 24px;border-radius:10px;color:#fff}
.verdict.go{background:#1f8a4c}.verdict.conditional{background:#b7791f}.verdict.no-go{background:#c53030}
.verdict .score{font-size:42px;font-weight:700}.verdict .label{font-size:34px;font-weight:700}
.meta{color:#5a6272;font-size:13px;margin:8px 0}
ul.reasons{margin:6px 0 0 18px;padding:0}ul.blocking li{color:#b00020;font-weight:600}
.bars{display:grid;grid-template-columns:140px 1fr 90px;gap:6px 12px;align-items:center}
.bar{display:flex;height:18px;border-radius:4px;overflow:hidden;background:#e2e5ea}
.bar span{display:block;height:100%}
.s-pass{background:#38a169}.s-warn{background:#d69e2e}.s-fail{background:#e53e3e}
.s-error{background:#805ad5}.s-skip{background:#a0aec0}.s-waived{background:#4a5568}
.r-pass{background:#38a169}.r-warn{background:#d69e2e}.r-fail{background:#e53e3e}.r-error{background:#805ad5}
.r-waived{background:#4a5568}.r-not-applicable{background:#a0aec0}.r-manual{background:#cbd5e0}
table{border-collapse:collapse;width:100%;background:#fff;font-size:13px}
td,th,li,p,code{overflow-wrap:anywhere}
#checks{table-layout:fixed}#checks col.status{width:86px}#checks col.severity{width:84px}#checks col.where{width:14%}
th,td{border-bottom:1px solid #e2e5ea;padding:6px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4;position:sticky;top:0}
td.status{font-weight:700;text-transform:uppercase;white-space:nowrap}
tr.finding td{color:#3c4452;background:#fafbfc} tr.finding td.indent{padding-left:28px}
.pill{display:inline-block;padding:1px 7px;border-radius:9px;font-size:11px;color:#fff}
.pill.new{background:#c53030}.pill.unchanged{background:#718096}
.grid td.cell{text-align:center;font-weight:600;color:#fff}
.filters{display:flex;flex-wrap:wrap;gap:12px;margin:8px 0}
.filters input{flex:1 1 200px;min-width:0;padding:6px 8px;font-size:14px}.filters select{padding:6px 8px}
.legend span{display:inline-block;width:10px;height:10px;margin:0 4px 0 10px;border-radius:2px}
"#;

/// The filter: text and status, kept in the URL's fragment (`#q=bucket&status=fail`) so a
/// filtered view can be linked to.
const SCRIPT: &str = r#"
(function(){
  var text=document.getElementById('filter-text'), status=document.getElementById('filter-status');
  var all=document.getElementById('filter-all');
  var rows=Array.prototype.slice.call(document.querySelectorAll('#checks tbody tr'));
  var given=new URLSearchParams(location.hash.slice(1));
  text.value=given.get('q')||''; status.value=given.get('status')||''; all.checked=given.get('all')==='1';
  function apply(){
    var q=text.value.toLowerCase(), s=status.value, shown=0;
    rows.forEach(function(r){
      var st=r.getAttribute('data-status');
      // Not applicable (skip) only when asked: the checkbox, or the status filter.
      var ok=(!q||r.textContent.toLowerCase().indexOf(q)>=0)&&(!s||st===s)&&(all.checked||s==='skip'||st!=='skip');
      r.style.display=ok?'':'none'; if(ok){shown++;}
    });
    document.getElementById('shown').textContent=shown+' of '+rows.length+' rows';
    var keep=new URLSearchParams(); if(text.value){keep.set('q',text.value);} if(s){keep.set('status',s);} if(all.checked){keep.set('all','1');}
    try{history.replaceState(null,'',keep.toString()?'#'+keep.toString():location.pathname);}catch(e){}
  }
  text.addEventListener('input',apply); status.addEventListener('change',apply); all.addEventListener('change',apply); apply();
})();
"#;

/// Reasons shown before the rest fold away.
const REASONS_SHOWN: usize = 5;

/// The reasons, grouped by cause: what blocks, set apart, then the others, the first few
/// shown and the rest folded.
fn reasons_section(report: &Report) -> Markup {
    let (blocking, rest) = report.grouped_reasons();
    let (shown, folded) = rest.split_at(rest.len().min(REASONS_SHOWN));
    html! {
        @if !blocking.is_empty() {
            h2 { "Blocking" }
            ul.reasons.blocking id="blocking" { @for group in &blocking { li { (group.summary) } } }
            @if !rest.is_empty() { h2 { "Also" } }
        }
        ul.reasons id="reasons" { @for group in shown { li { (group.summary) } } }
        @if !folded.is_empty() {
            details id="more-reasons" {
                summary { (folded.len()) " more" }
                ul.reasons { @for group in folded { li { (group.summary) } } }
            }
        }
    }
}

/// The report as one self-contained HTML page.
pub fn render_html(report: &Report) -> String {
    let (class, label) = match report.verdict {
        Verdict::Go => ("go", "GO"),
        Verdict::Conditional => ("conditional", "CONDITIONAL GO"),
        Verdict::NoGo => ("no-go", "NO-GO"),
    };
    let page = html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy"
                    content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "gonogo: " (label) " (score " (report.score) ")" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                main {
                    section.verdict.(class) id="verdict" {
                        div.label { (label) }
                        div.score { (report.score) }
                        div { "exit code " (report.exit_code) @if report.incomplete { " · incomplete: interrupted" } }
                    }
                    p.meta { (target_line(report)) }
                    @if let Some(plan) = &report.plan {
                        section.plan id="plan" {
                            h2 { "The plan" }
                            p.headline { (plan.headline()) }
                            @if !plan.not_evaluated.is_empty() {
                                h3 { "Not evaluated" }
                                ul id="not-evaluated" {
                                    @for change in &plan.not_evaluated {
                                        li { code { (change.address) } " (" (change.actions.join(", ")) "): " (change.reason) }
                                    }
                                }
                            }
                        }
                    }
                    (reasons_section(report))
                    h2 { "By category" }
                    (category_bars(report))
                    @if let Some(baseline) = &report.baseline {
                        h2 { "Since the baseline" }
                        p id="baseline-counts" {
                            (baseline.new) " new, " (baseline.unchanged) " unchanged, "
                            (baseline.resolved.len()) " resolved (baseline " (baseline.source) ")"
                        }
                        @if !baseline.resolved.is_empty() {
                            table id="resolved" {
                                thead { tr { th { "Resolved check" } th { "Where" } th { "Resource" } th { "Was" } } }
                                tbody {
                                    @for p in &baseline.resolved {
                                        tr {
                                            td { (p.check) }
                                            td { (problem_location(p)) }
                                            td { (resource_or_check(&p.resource)) }
                                            td { (p.message) }
                                        }
                                    }
                                }
                            }
                        }
                    }
                    @if !report.accounts.is_empty() {
                        h2 { "Accounts" }
                        (account_grid(report))
                    }
                    @for framework in &report.frameworks { (framework_section(framework)) }
                    h2 { "Checks and findings" }
                    div.filters {
                        input id="filter-text" type="search" placeholder="Filter by check, resource, account, region or message";
                        select id="filter-status" {
                            option value="" { "any status" }
                            @for status in Status::ALL { option value=(status.as_str()) { (status.as_str()) } }
                        }
                        label { input id="filter-all" type="checkbox"; " show not applicable" }
                        span id="shown" {}
                    }
                    table id="checks" {
                        colgroup { col.status; col; col.severity; col.where; col; }
                        thead { tr { th { "Status" } th { "Check" } th { "Severity" } th { "Where" } th { "Message" } } }
                        tbody { @for check in worst_first(&report.checks) { (check_rows(check)) } }
                    }
                }
                script { (PreEscaped(SCRIPT)) }
            }
        }
    };
    page.into_string()
}

/// A framework: its pass rate and audited regions, a bar per section (requirements by
/// status), and the requirements.
fn framework_section(framework: &FrameworkReport) -> Markup {
    let summary = &framework.summary;
    let mut sections: Vec<(&str, Vec<RequirementStatus>)> = Vec::new();
    for r in &framework.requirements {
        match sections.last_mut() {
            Some((section, statuses)) if *section == r.section => statuses.push(r.status),
            _ => sections.push((&r.section, vec![r.status])),
        }
    }
    html! {
        section.framework id=(format!("framework-{}", framework.id)) {
            h2 { (framework.title) " " (framework.version) }
            p.meta {
                (summary.automated_passed) " of " (summary.automated_evaluated)
                " evaluated automated requirements pass (" (summary.pass_percent) "%) · regions audited: "
                (framework.regions.join(", "))
            }
            div.bars {
                @for (section, statuses) in &sections {
                    div { (section) }
                    div.bar data-section=(section) {
                        @for status in RequirementStatus::ALL {
                            @let n = statuses.iter().filter(|s| **s == status).count();
                            @if n > 0 {
                                span class=(format!("r-{status}")) title=(format!("{n} {status}"))
                                    style=(format!("width:{:.2}%", 100.0 * n as f64 / statuses.len() as f64)) {}
                            }
                        }
                    }
                    div {
                        (statuses.iter().filter(|s| **s == RequirementStatus::Pass).count())
                        "/" (statuses.len()) " pass"
                    }
                }
            }
            table.requirements {
                thead { tr { th { "Requirement" } th { "Status" } th { "Title" } th { "Checks" } } }
                tbody {
                    @for r in &framework.requirements {
                        tr data-status=(r.status.as_str()) {
                            td { (r.id) }
                            td.status { (r.status.as_str()) }
                            td { (r.title) }
                            td { (r.checks.join(", ")) }
                        }
                    }
                }
            }
        }
    }
}

fn target_line(report: &Report) -> String {
    format!(
        "{} · {} · {} checks in {} ms · {} · {}",
        report.audited_label("unknown account"),
        report.regions_label("unknown region"),
        report.checks.len(),
        report.duration_ms,
        report.summary,
        report.finished_at
    )
}

fn category_bars(report: &Report) -> Markup {
    html! {
        div.bars id="categories" {
            @for category in Category::ALL {
                @let checks: Vec<&CheckReport> = report.checks.iter().filter(|c| c.category == category).collect();
                @if !checks.is_empty() {
                    @let passed = checks.iter().filter(|c| c.status == Status::Pass).count();
                    div { (category.as_str()) }
                    div.bar data-category=(category.as_str()) {
                        @for status in Status::ALL {
                            @let n = checks.iter().filter(|c| c.status == status).count();
                            @if n > 0 {
                                span class=(format!("s-{status}")) title=(format!("{n} {status}"))
                                    style=(format!("width:{:.2}%", 100.0 * n as f64 / checks.len() as f64)) {}
                            }
                        }
                    }
                    div { (passed) "/" (checks.len()) " pass" }
                }
            }
        }
        p.meta.legend { @for status in Status::ALL { span class=(format!("s-{status}")) {} (status.as_str()) } }
    }
}

/// Accounts down, categories across: each cell the worst status of that account's findings in
/// that category, and how many problems it has.
fn account_grid(report: &Report) -> Markup {
    let mut cells: BTreeMap<(String, Category), (Status, usize)> = BTreeMap::new();
    for check in &report.checks {
        for f in &check.findings {
            let Some(account) = &f.account else { continue };
            let cell = cells
                .entry((account.clone(), check.category))
                .or_insert((Status::Skip, 0));
            if f.status.badness() > cell.0.badness() {
                cell.0 = f.status;
            }
            if f.is_problem() {
                cell.1 += 1;
            }
        }
    }
    html! {
        table.grid id="accounts" {
            thead { tr {
                th { "Account" } th { "Verdict" } th { "Score" } th { "Regions" }
                @for category in Category::ALL { th { (category.as_str()) } }
            } }
            tbody {
                @for account in &report.accounts {
                    tr data-account=(account.account_id.as_deref().unwrap_or("")) {
                        td { (account.label()) }
                        td.status { (account.verdict.label()) }
                        td { (account.score) }
                        td { (account.regions.join(", ")) }
                        @if let Some(error) = &account.error {
                            td colspan="5" { "not audited: " (error) }
                        } @else {
                            @for category in Category::ALL {
                                @let id = account.account_id.clone().unwrap_or_default();
                                @match cells.get(&(id, category)) {
                                    Some((status, problems)) => {
                                        td class=(format!("cell s-{status}")) {
                                            @if *problems > 0 { (problems) " " } (status.as_str())
                                        }
                                    }
                                    None => { td { "–" } }
                                }
                            }
                        }
                    }
                }
                @for account in &report.not_audited {
                    tr data-account=(account.account_id) {
                        td { (account.label()) }
                        td colspan=(4 + Category::ALL.len()) { "not audited: " (account.reason) }
                    }
                }
            }
        }
    }
}

/// The checks in the order a person reads them: what needs attention first (fail, error,
/// warn, waived), then passes and not-applicable ones, each by severity, highest first.
fn worst_first(checks: &[CheckReport]) -> Vec<&CheckReport> {
    let mut sorted: Vec<&CheckReport> = checks.iter().collect();
    sorted.sort_by_key(|c| {
        (
            crate::model::status_rank(c.status),
            std::cmp::Reverse(c.severity),
        )
    });
    sorted
}

fn check_rows(check: &CheckReport) -> Markup {
    html! {
        tr.check data-status=(check.status.as_str()) data-check=(check.id) {
            td class=(format!("status s-{}", check.status)) style="color:#fff" { (check.status.as_str()) }
            td { (check.id) br; small { (check.title) } }
            td { (check.severity.as_str()) }
            td { @if let Some(change) = check.change { span class=(format!("pill {change}")) { (change.as_str()) } } }
            td { (check.message) }
        }
        @for f in check.findings.iter().filter(|f| f.status != Status::Pass) {
            tr.finding data-status=(f.status.as_str()) data-check=(check.id) {
                td.status.indent { (f.status.as_str()) }
                td { (resource_label(f)) }
                td { @if let Some(change) = f.change { span class=(format!("pill {change}")) { (change.as_str()) } } }
                td { (location(f)) }
                td { (f.message) }
            }
        }
    }
}
