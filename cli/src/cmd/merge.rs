//! `gonogo merge REPORT.json...`: the reports of separate runs (accounts, shards) as one
//! fleet report, printed and written like an audit's; exits with the fleet's code.

use gonogo_core::verdict::EXIT_INCOMPLETE;
use gonogo_reports::Report;

use crate::args::MergeArgs;
use crate::output;

pub(crate) fn run(args: MergeArgs) -> anyhow::Result<i32> {
    let mut reports = Vec::with_capacity(args.reports.len());
    for path in &args.reports {
        let parsed = std::fs::read_to_string(path)
            .map_err(|err| err.to_string())
            .and_then(|text| Report::from_json(&text));
        match parsed {
            Ok(report) => reports.push(report),
            Err(err) => {
                eprintln!("error: {}: {err}", path.display());
                return Ok(EXIT_INCOMPLETE);
            }
        }
    }
    let fleet = match gonogo_reports::merge(reports) {
        Ok(fleet) => fleet,
        Err(err) => {
            eprintln!("error: {err}");
            return Ok(EXIT_INCOMPLETE);
        }
    };
    output::write_reports(&args.output, &fleet)?;
    output::print_report(&args.output, &fleet)?;
    Ok(fleet.exit_code)
}
