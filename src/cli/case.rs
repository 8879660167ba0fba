//! `sleuths case create|show`.

use anyhow::Context;
use chrono::NaiveDate;

use crate::app::App;

#[derive(Debug, clap::Subcommand)]
pub enum CaseCommand {
    /// Create a case and queue its pictures; prints the new case's id.
    Create {
        /// Make the daily case of this UTC date (`case-YYYY-MM-DD`) instead of a new unique case.
        #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
        date: Option<NaiveDate>,
        /// Paint the pictures now and wait for them, with a progress bar.
        #[arg(long)]
        wait: bool,
        /// Print the whole case as JSON instead of its id.
        #[arg(long)]
        json: bool,
    },
    /// Print a case.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
}

pub fn parse_date(s: &str) -> Result<NaiveDate, String> {
    crate::domain::parse_case_date(s).map_err(|e| e.to_string())
}

pub async fn run(app: &App, cmd: CaseCommand) -> anyhow::Result<()> {
    match cmd {
        CaseCommand::Create { date, wait, json } => {
            let created = app.create_case(date).await.context("Failed to create the case")?;
            let mut case = created.case;
            if !json {
                // First, so a Ctrl-C during the wait still leaves the id on screen.
                println!("{}", case.id);
            }
            if wait {
                super::progress::wait_for_images(app, &case.id, !json).await?;
                case = app.case(&case.id).await?.unwrap_or(case);
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&case)?);
            }
            Ok(())
        }
        CaseCommand::Show { id, json } => {
            let case = app
                .case(&id)
                .await
                .context("Failed to read the case")?
                .with_context(|| format!("case {id:?} not found"))?;
            if json {
                println!("{}", serde_json::to_string_pretty(&case)?);
                return Ok(());
            }
            println!("{}  ({}, {})", case.title, case.id, case.date);
            println!(
                "\nVictim: {}, {}, {}. {}",
                case.victim.name, case.victim.age, case.victim.occupation, case.victim.description
            );
            println!("Weapon: {}. {}", case.weapon.name, case.weapon.description);
            println!("\nLocations:");
            for l in &case.locations {
                println!(
                    "  {:<8} {}  {}",
                    l.id,
                    l.name,
                    l.image_url.as_deref().unwrap_or("(no picture yet)")
                );
            }
            println!("\nSuspects:");
            for s in &case.suspects {
                println!(
                    "  {:<10} {}, {}, {}  {}",
                    s.id,
                    s.name,
                    s.age,
                    s.occupation,
                    s.profile_image_url.as_deref().unwrap_or("(no picture yet)")
                );
            }
            println!("\nEvidence:");
            for e in &case.evidence {
                println!(
                    "  {:<6} {} (at {})  {}",
                    e.id,
                    e.name,
                    e.found_at,
                    e.image_url.as_deref().unwrap_or("(no picture yet)")
                );
            }
            let solution = &case.solution;
            let culprit = case.suspects.iter().find(|s| s.id == solution.culprit_id);
            let named = |id: &String| match case.evidence.iter().find(|e| &e.id == id) {
                Some(e) => format!("{id} ({})", e.name),
                None => id.clone(),
            };
            println!("\nSolution (never shown to players):");
            println!(
                "  Culprit:      {} ({})",
                culprit.map(|s| s.name.as_str()).unwrap_or("?"),
                solution.culprit_id
            );
            println!("  Motive:       {}", solution.motive);
            println!("  Method:       {}", solution.method);
            println!(
                "  Key evidence: {}",
                solution.key_evidence.iter().map(named).collect::<Vec<_>>().join(", ")
            );
            println!("  Explanation:  {}", solution.explanation);
            Ok(())
        }
    }
}
