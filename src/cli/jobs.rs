//! `sleuths jobs list|cancel|retry`.

use anyhow::Context;

use crate::app::App;
use crate::clock::rfc3339;
use crate::domain::JobState;
use crate::scheduler::{CronExpr, Listed};
use crate::store::JobFilter;

#[derive(Debug, clap::Subcommand)]
pub enum JobsCommand {
    /// List recurring and one-off jobs, newest first.
    List {
        /// Only jobs in this state (queued, running, completed, failed, cancelled).
        #[arg(long, value_parser = parse_state)]
        state: Option<JobState>,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Cancel a queued or running job, or remove a recurring one.
    Cancel { id: String },
    /// Put a failed or cancelled job back in the queue.
    Retry { id: String },
}

fn parse_state(s: &str) -> Result<JobState, String> {
    JobState::parse(s).ok_or_else(|| format!("unknown state {s:?} (queued, running, completed, failed, cancelled)"))
}

pub async fn run(app: &App, cmd: JobsCommand) -> anyhow::Result<()> {
    let s = &app.scheduler;
    match cmd {
        JobsCommand::List { state, limit, json } => {
            let filter = JobFilter {
                states: state.into_iter().collect(),
                name: None,
                limit: Some(limit),
            };
            let jobs = s.list_jobs(&filter).await.context("Failed to list jobs")?;
            if json {
                println!("{}", serde_json::to_string_pretty(&jobs)?);
                return Ok(());
            }
            println!(
                "{:<28} {:<22} {:<10} {:>8}  {:<20}  LAST ERROR",
                "ID", "NAME", "STATE", "ATTEMPTS", "RUN AT / CRON"
            );
            for j in jobs {
                match j {
                    Listed::Recurring(r) => {
                        let next = CronExpr::parse(&r.cron)
                            .ok()
                            .and_then(|c| c.next_after(s.clock.now_ms()));
                        println!(
                            "{:<28} {:<22} {:<10} {:>8}  {:<20}  next {}",
                            r.id,
                            r.name,
                            "recurring",
                            "-",
                            r.cron,
                            next.map(rfc3339).unwrap_or_else(|| "never".into())
                        );
                    }
                    Listed::Once(j) => println!(
                        "{:<28} {:<22} {:<10} {:>8}  {:<20}  {}",
                        j.id,
                        j.name,
                        j.state.as_str(),
                        format!("{}/{}", j.attempts, j.max_attempts),
                        rfc3339(j.run_at),
                        j.last_error.as_deref().unwrap_or("")
                    ),
                }
            }
            Ok(())
        }
        JobsCommand::Cancel { id } => {
            s.cancel_job(&id)
                .await
                .with_context(|| format!("Failed to cancel {id}"))?;
            println!("cancelled {id}");
            Ok(())
        }
        JobsCommand::Retry { id } => {
            let job = s
                .retry_job(&id)
                .await
                .with_context(|| format!("Failed to retry {id}"))?;
            println!("queued {} again", job.id);
            Ok(())
        }
    }
}
