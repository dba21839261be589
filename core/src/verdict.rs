//! Scoring and the verdict: GO, CONDITIONAL GO or NO-GO, with every reason.
//!
//! The model is a canary judge's (pass and marginal thresholds, a critical veto) applied to a
//! configuration audit: waivers first, then a weighted score over the evaluated checks, then
//! the rules in order of danger. Too much unknown is never a GO.

use chrono::NaiveDate;

use crate::baseline::{Baseline, BaselineDiff, Coverage};
use crate::exit_codes;
use crate::judged::{AppliedWaiver, CheckResult, Summary, Verdict};
use crate::meta::Severity;
use crate::outcome::{Change, Status};
use crate::policy::{ErrorHandling, GateOn, Policy, Scoring, Waiver};
use crate::reasons::{self, Cause, Reason, ReasonGroup};
use crate::runner::RunReport;

/// Days before expiry at which a waiver is named in the reasons.
pub const WAIVER_WARNING_DAYS: i64 = 14;

impl From<&Waiver> for AppliedWaiver {
    fn from(w: &Waiver) -> Self {
        Self {
            reason: w.reason.clone(),
            owner: w.owner.clone(),
            expires: w.expires,
            ticket: w.ticket.clone(),
        }
    }
}

/// The judged audit.
#[derive(Clone, Debug)]
pub struct Evaluation {
    /// The verdict.
    pub verdict: Verdict,
    /// 0 GO, 1 CONDITIONAL, 2 NO-GO, 3 incomplete.
    pub exit_code: i32,
    /// Weighted score, 0–100, one decimal.
    pub score: f64,
    /// Why: what blocks first, then what conditions, then the score, then notes.
    pub reasons: Vec<String>,
    /// The reasons grouped by cause (the checks that fail with one message are one line).
    pub reason_groups: Vec<ReasonGroup>,
    /// Counts by status.
    pub summary: Summary,
    /// Results, sorted by id.
    pub results: Vec<CheckResult>,
    /// Whether the audit was interrupted.
    pub interrupted: bool,
    /// The comparison with the baseline, when there was one.
    pub baseline: Option<BaselineDiff>,
    /// The scoring rules it was judged under; `None` for an account that was not audited.
    pub scoring: Option<Scoring>,
}

/// A baseline and what this audit covered of it.
#[derive(Clone, Copy, Debug)]
pub struct BaselineScope<'a> {
    /// The previous audit's problems.
    pub baseline: &'a Baseline,
    /// What this audit covered.
    pub coverage: &'a Coverage,
}

/// Applies the policy to a run: waivers, score, verdict and reasons. `today` is the UTC date
/// waivers are judged against.
pub fn evaluate(policy: &Policy, run: RunReport, today: NaiveDate) -> Evaluation {
    evaluate_against(policy, run, today, None)
}

/// [`evaluate`], comparing with a baseline: problems are marked `new` or `unchanged`, and
/// under `gate_on = "new"` a check whose problems are all unchanged scores as a pass (it is
/// still reported as failing). Errors always count.
pub fn evaluate_against(
    policy: &Policy,
    run: RunReport,
    today: NaiveDate,
    baseline: Option<BaselineScope<'_>>,
) -> Evaluation {
    let mut results: Vec<CheckResult> = run
        .results
        .into_iter()
        .map(|r| apply_waivers(policy, r, today))
        .collect();
    let diff = baseline.map(|b| b.baseline.mark(&mut results, b.coverage));
    let scoring = policy.scoring.clone();
    let judgement = judge(
        &scoring,
        &results,
        run.interrupted,
        diff.is_some(),
        waiver_notes(policy, today),
    );
    Evaluation {
        verdict: judgement.verdict,
        exit_code: judgement.exit_code,
        score: judgement.score,
        reasons: judgement.reasons,
        reason_groups: judgement.groups,
        summary: judgement.summary,
        results,
        interrupted: run.interrupted,
        baseline: diff,
        scoring: Some(scoring),
    }
}

/// A check's result as the verdict reads it: after waivers, at the policy's severity.
pub trait Judged {
    /// The check's id.
    fn id(&self) -> &str;
    /// Its severity under the policy.
    fn severity(&self) -> Severity;
    /// Its status after waivers.
    fn status(&self) -> Status;
    /// Its one line.
    fn message(&self) -> &str;
    /// Against a baseline, whether its problems are new.
    fn change(&self) -> Option<Change>;
}

impl Judged for CheckResult {
    fn id(&self) -> &str {
        self.meta.id
    }
    fn severity(&self) -> Severity {
        self.severity
    }
    fn status(&self) -> Status {
        self.status
    }
    fn message(&self) -> &str {
        &self.message
    }
    fn change(&self) -> Option<Change> {
        self.change
    }
}

/// What [`judge`] decides.
#[derive(Clone, Debug, PartialEq)]
pub struct Judgement {
    /// The verdict.
    pub verdict: Verdict,
    /// 0 GO, 1 CONDITIONAL, 2 NO-GO, 3 incomplete.
    pub exit_code: i32,
    /// Weighted score, 0–100, one decimal.
    pub score: f64,
    /// Why.
    pub reasons: Vec<String>,
    /// The reasons grouped by cause, in their order.
    pub groups: Vec<ReasonGroup>,
    /// Counts by status.
    pub summary: Summary,
}

/// The score, verdict and reasons of judged results under `scoring`: what an audit decides
/// after waivers and the baseline, and what `gonogo merge` decides again for an account's
/// region shards. `against_baseline` says whether the results were marked against one;
/// `notes` (the waivers about to expire) close the reasons.
pub fn judge<J: Judged>(
    scoring: &Scoring,
    results: &[J],
    interrupted: bool,
    against_baseline: bool,
    notes: Vec<String>,
) -> Judgement {
    let gate_new_only = scoring.gate_on == GateOn::New && against_baseline;
    let mut not_gated = Vec::new();

    let mut summary = Summary::default();
    let (mut total_weight, mut earned, mut error_weight) = (0.0, 0.0, 0.0);
    let (mut evaluated, mut errored) = (0usize, 0usize);
    // Every evaluated check weighing 1, for when the evaluated checks all weigh 0 (only
    // `info` checks, say): a failure still lowers the score.
    let mut earned_unweighted = 0.0;
    let mut blocking = Vec::new();
    let mut conditional = Vec::new();
    for r in results {
        summary.add(r.status());
        let weight = scoring.weights.of(r.severity());
        let status = if gate_new_only
            && r.change() == Some(Change::Unchanged)
            && matches!(r.status(), Status::Fail | Status::Warn)
        {
            not_gated.push(r.id().to_owned());
            Status::Pass
        } else {
            r.status()
        };
        let credit = match status {
            Status::Pass => 1.0,
            Status::Warn => 0.5,
            Status::Fail | Status::Error => 0.0,
            Status::Skip | Status::Waived => continue,
        };
        evaluated += 1;
        total_weight += weight;
        earned += weight * credit;
        earned_unweighted += credit;
        let (id, severity, message) = (r.id(), r.severity(), r.message());
        let reason = |blocking: bool, verb: &'static str, text: String| Reason {
            blocking,
            text,
            cause: Some(Cause {
                id: id.to_owned(),
                verb,
                message: message.to_owned(),
            }),
        };
        match status {
            Status::Fail if scoring.blocks(severity) => blocking.push(reason(
                true,
                "fail",
                format!("blocking check {id} ({severity}) failed: {message}"),
            )),
            Status::Fail => conditional.push(reason(
                false,
                "fail",
                format!("check {id} ({severity}) failed: {message}"),
            )),
            Status::Error => {
                error_weight += weight;
                errored += 1;
                if scoring.blocks(severity) || scoring.errors == ErrorHandling::Block {
                    blocking.push(reason(
                        true,
                        "could not be evaluated",
                        format!(
                            "blocking check {id} ({severity}) could not be evaluated: {message}"
                        ),
                    ));
                } else {
                    conditional.push(reason(
                        false,
                        "could not be evaluated",
                        format!("check {id} ({severity}) could not be evaluated: {message}"),
                    ));
                }
            }
            Status::Warn => conditional.push(reason(
                false,
                "warn",
                format!("check {id} ({severity}) warns: {message}"),
            )),
            _ => {}
        }
    }

    let share = if total_weight > 0.0 {
        earned / total_weight
    } else if evaluated > 0 {
        earned_unweighted / evaluated as f64
    } else {
        0.0
    };
    // Always a number from 0 to 100: a share that is not a number (weights past what f64
    // holds, were the parser to let them through) is scored 0, never 100.
    let score = if share.is_finite() {
        ((1000.0 * share).round() / 10.0).clamp(0.0, 100.0)
    } else {
        0.0
    };
    let error_percent = if total_weight > 0.0 {
        100.0 * error_weight / total_weight
    } else if evaluated > 0 {
        100.0 * errored as f64 / evaluated as f64
    } else {
        0.0
    };

    if evaluated == 0 {
        blocking.push(Reason::of_audit(
            true,
            "no check was evaluated: nothing shows the account is fit".to_owned(),
        ));
    }
    if error_percent > scoring.max_error_percent {
        blocking.push(Reason::of_audit(true, format!(
            "errors carry {error_percent:.0}% of the evaluated weight, over max_error_percent {}%: too much is unknown",
            scoring.max_error_percent
        )));
    }
    if evaluated > 0 && score < scoring.no_go_score {
        blocking.push(Reason::of_audit(
            true,
            format!("score {score} is under no_go_score {}", scoring.no_go_score),
        ));
    } else if evaluated > 0 && score < scoring.go_score {
        conditional.push(Reason::of_audit(
            false,
            format!("score {score} is under go_score {}", scoring.go_score),
        ));
    }
    if interrupted {
        blocking.push(Reason::of_audit(
            true,
            "the audit was interrupted before every check finished".to_owned(),
        ));
    }

    let verdict = if !blocking.is_empty() {
        Verdict::NoGo
    } else if !conditional.is_empty() {
        Verdict::Conditional
    } else {
        Verdict::Go
    };

    let mut found = blocking;
    found.append(&mut conditional);
    let mut notes_after = Vec::new();
    let mut left_out = Vec::new();
    if summary.waived > 0 {
        left_out.push(format!("{} waived", summary.waived));
    }
    if summary.skip > 0 {
        left_out.push(format!("{} skipped", summary.skip));
    }
    let left_out = if left_out.is_empty() {
        String::new()
    } else {
        format!("; {} left out", left_out.join(", "))
    };
    notes_after.push(format!(
        "score {score} over {evaluated} evaluated checks{left_out}"
    ));
    if verdict == Verdict::Go {
        notes_after.push(format!(
            "no check failed, errored or warned, and the score is at least go_score {}",
            scoring.go_score
        ));
    }
    if !not_gated.is_empty() {
        notes_after.push(format!(
            "gate_on = \"new\": {} failing or warning only on problems that were already there, not gated: {}",
            not_gated.len(),
            not_gated.join(", ")
        ));
    } else if scoring.gate_on == GateOn::New && !against_baseline {
        notes_after.push("gate_on = \"new\" without a baseline: every problem counts".to_owned());
    }
    notes_after.extend(notes);
    found.extend(
        notes_after
            .into_iter()
            .map(|note| Reason::of_audit(false, note)),
    );
    let ids: Vec<&str> = results.iter().map(Judged::id).collect();
    let groups = reasons::group(&found, &ids);
    let reasons = found.into_iter().map(|r| r.text).collect();

    let exit_code = if interrupted {
        exit_codes::INCOMPLETE
    } else {
        verdict.exit_code()
    };
    Judgement {
        verdict,
        exit_code,
        score,
        reasons,
        groups,
        summary,
    }
}

fn apply_waivers(policy: &Policy, run: crate::runner::RunResult, today: NaiveDate) -> CheckResult {
    let meta = run.meta;
    let mut outcome = run.outcome;
    let mut applied = None;
    if matches!(outcome.status, Status::Fail | Status::Warn) {
        let active = |resource: &str| {
            policy
                .waivers
                .iter()
                .find(|w| w.is_active(today) && w.covers(meta.id, resource))
        };
        let mut waived = 0;
        for finding in &mut outcome.findings {
            if matches!(finding.status, Status::Fail | Status::Warn)
                && let Some(waiver) = active(&finding.resource)
            {
                finding.status = Status::Waived;
                applied.get_or_insert_with(|| AppliedWaiver::from(waiver));
                waived += 1;
            }
        }
        let worst = outcome
            .findings
            .iter()
            .map(|f| f.status)
            .filter(|s| matches!(s, Status::Fail | Status::Warn))
            .max();
        if outcome.findings.is_empty() {
            if let Some(waiver) = active("") {
                applied = Some(AppliedWaiver::from(waiver));
                outcome.status = Status::Waived;
                outcome.message = format!("waived: {}", outcome.message);
            }
        } else if waived > 0 {
            match worst {
                None => {
                    outcome.status = Status::Waived;
                    outcome.message = format!("waived: {}", outcome.message);
                }
                Some(status) => {
                    outcome.status = status;
                    outcome.message = format!("{} ({waived} waived)", outcome.message);
                }
            }
        }
    }
    CheckResult {
        meta,
        severity: policy.severity_of(meta),
        status: outcome.status,
        message: outcome.message,
        findings: outcome.findings,
        duration: run.duration,
        waiver: applied,
        change: None,
    }
}

/// How the reasons that name a waiver about to expire (or expired) start.
pub const WAIVER_NOTE_PREFIX: &str = "waiver for ";

fn waiver_notes(policy: &Policy, today: NaiveDate) -> Vec<String> {
    policy
        .waivers
        .iter()
        .filter_map(|w| {
            let days_left = (w.expires - today).num_days();
            let who = format!(
                "{WAIVER_NOTE_PREFIX}{} on `{}` (owner {})",
                w.check,
                w.resource.as_str(),
                w.owner
            );
            if days_left < 0 {
                Some(format!("{who} expired on {} and is ignored", w.expires))
            } else if days_left <= WAIVER_WARNING_DAYS {
                Some(format!(
                    "{who} expires on {} ({days_left} days left)",
                    w.expires
                ))
            } else {
                None
            }
        })
        .collect()
}
