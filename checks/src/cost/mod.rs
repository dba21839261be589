//! Cost checks: budgets exist, are bounded, are on track and alert someone.

mod budget_alerts;
mod budget_exists;
mod budget_forecast;
mod budget_limit;
