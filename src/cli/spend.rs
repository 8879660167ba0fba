//! `sleuths spend`: the ledger per day and per model, and the daily budget.

use anyhow::Context;

use crate::app::App;
use crate::domain::spend::{format_usd, micros};

#[derive(Debug, clap::Args)]
pub struct SpendArgs {
    /// Days to show, today (UTC) included.
    #[arg(long, default_value_t = 7, value_parser = clap::value_parser!(u32).range(1..=366))]
    days: u32,
    /// Print the report as JSON.
    #[arg(long)]
    json: bool,
    /// Set the daily budget (USD) for every process on the store, and resume the jobs it paused.
    #[arg(long, value_name = "USD", conflicts_with = "clear_budget")]
    set_budget: Option<f64>,
    /// Drop the budget set with --set-budget (the configured `budget.daily_usd` applies again).
    #[arg(long)]
    clear_budget: bool,
}

pub async fn run(app: &App, args: SpendArgs) -> anyhow::Result<()> {
    if let Some(usd) = args.set_budget {
        anyhow::ensure!(
            usd.is_finite() && usd >= 0.0,
            "--set-budget {usd}: the budget must be 0 or more"
        );
    }
    if args.set_budget.is_some() || args.clear_budget {
        let woken = app
            .set_budget(args.set_budget)
            .await
            .context("Failed to set the budget")?;
        if !args.json {
            println!("budget set; {woken} paused job(s) resumed");
        }
    }
    let report = app
        .spend_report(args.days)
        .await
        .context("Failed to read the spend ledger")?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&report)?);
        return Ok(());
    }
    let budget = match report.budget_usd {
        Some(b) => format!("{} a day ({})", format_usd(micros(b)), report.budget_source),
        None => "none".into(),
    };
    println!("budget: {budget}");
    println!(
        "{:<10}  {:<9}  {:<32}  {:>6}  {:>8}  {:>10}",
        "day", "provider", "model", "calls", "pictures", "usd"
    );
    for day in &report.days {
        for m in &day.models {
            println!(
                "{:<10}  {:<9}  {:<32}  {:>6}  {:>8}  {:>10}",
                day.day,
                m.provider,
                m.model,
                m.calls,
                m.pictures,
                format_usd(micros(m.usd))
            );
        }
        let held = if day.reserved_usd > 0.0 {
            format!("  (+{} held)", format_usd(micros(day.reserved_usd)))
        } else {
            String::new()
        };
        println!(
            "{:<10}  {:<9}  {:<32}  {:>6}  {:>8}  {:>10}{held}",
            day.day,
            "total",
            "",
            day.calls,
            day.pictures,
            format_usd(micros(day.spent_usd))
        );
    }
    Ok(())
}
