//! `sleuths jobs list|cancel|retry|pause|resume`.

use anyhow::Context;

use crate::app::App;
use crate::clock::rfc3339;
use crate::domain::{JobRecord, JobState};
use crate::scheduler::{CronExpr, ListJobs, Listed};
use crate::store::JobFilter;

#[derive(Debug, clap::Subcommand)]
pub enum JobsCommand {
    /// List one-off jobs, newest first, then the recurring schedules.
    List {
        /// Only jobs in this state (queued, running, completed, failed, cancelled); schedules are not
        /// jobs and are left out.
        #[arg(long, value_parser = parse_state)]
        state: Option<JobState>,
        /// Only the recurring schedules.
        #[arg(long, conflicts_with = "state")]
        schedules: bool,
        /// At most this many one-off jobs (as `GET /internal/jobs?limit=`).
        #[arg(long, default_value_t = 200)]
        limit: usize,
        /// `{"jobs": [...]}`, as `GET /internal/jobs` answers: one-off jobs (`"kind": "once"`), then
        /// schedules (`"kind": "recurring"`, with `nextRunAt`).
        #[arg(long)]
        json: bool,
    },
    /// Cancel a queued or running job (a recurring schedule is paused instead).
    Cancel { id: String },
    /// Put a failed or cancelled job back in the queue.
    Retry { id: String },
    /// Pause a recurring schedule: its occurrences are skipped until it is resumed, across restarts.
    Pause { id: String },
    /// Resume a paused schedule from its next occurrence on.
    Resume { id: String },
}

fn parse_state(s: &str) -> Result<JobState, String> {
    JobState::parse(s).ok_or_else(|| format!("unknown state {s:?} (queued, running, completed, failed, cancelled)"))
}

/// The case a job works on, when its data names one.
fn case_of(job: &JobRecord) -> &str {
    job.data.get("caseId").and_then(|v| v.as_str()).unwrap_or("-")
}

pub async fn run(app: &App, cmd: JobsCommand) -> anyhow::Result<()> {
    match cmd {
        JobsCommand::List {
            state,
            schedules: only_schedules,
            limit,
            json,
        } => {
            let what = ListJobs {
                jobs: (!only_schedules).then(|| JobFilter {
                    states: state.into_iter().collect(),
                    name: None,
                    limit: Some(limit),
                }),
                schedules: state.is_none(),
            };
            let listed = app.list_jobs(&what).await.context("Failed to list jobs")?;
            if json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&serde_json::json!({ "jobs": listed }))?
                );
                return Ok(());
            }
            let jobs: Vec<&JobRecord> = listed
                .iter()
                .filter_map(|l| match l {
                    Listed::Once(j) => Some(j),
                    Listed::Recurring { .. } => None,
                })
                .collect();
            if !only_schedules {
                println!(
                    "{:<28} {:<22} {:<10} {:<24} {:>8}  {:<24}  LAST ERROR",
                    "ID", "NAME", "STATE", "CASE", "ATTEMPTS", "RUN AT"
                );
                for j in jobs.iter().copied() {
                    println!(
                        "{:<28} {:<22} {:<10} {:<24} {:>8}  {:<24}  {}",
                        j.id,
                        j.name,
                        j.state.as_str(),
                        case_of(j),
                        format!("{}/{}", j.attempts, j.max_attempts),
                        rfc3339(j.run_at),
                        j.last_error.as_deref().unwrap_or("")
                    );
                }
                if jobs.is_empty() {
                    println!(
                        "(no jobs{})",
                        state.map(|st| format!(" {}", st.as_str())).unwrap_or_default()
                    );
                }
            }
            if state.is_none() {
                if !only_schedules {
                    println!();
                }
                println!(
                    "{:<28} {:<22} {:<16} {:<8} {:<24}  NEXT RUN",
                    "SCHEDULE", "NAME", "CRON", "STATE", "LAST FIRED"
                );
                for (r, next) in listed.iter().filter_map(|l| match l {
                    Listed::Recurring { schedule, next_run_at } => Some((schedule, *next_run_at)),
                    Listed::Once(_) => None,
                }) {
                    println!(
                        "{:<28} {:<22} {:<16} {:<8} {:<24}  {}",
                        r.id,
                        r.name,
                        r.cron,
                        if r.paused { "paused" } else { "active" },
                        r.last_fired.map(rfc3339).unwrap_or_else(|| "never".into()),
                        // A paused schedule's next occurrence will not run.
                        match next {
                            Some(_) if r.paused => "-".into(),
                            Some(t) => rfc3339(t),
                            None => "never".into(),
                        }
                    );
                }
            }
            Ok(())
        }
        JobsCommand::Cancel { id } => {
            app.cancel_job(&id)
                .await
                .with_context(|| format!("Failed to cancel {id}"))?;
            println!("cancelled {id}");
            Ok(())
        }
        JobsCommand::Retry { id } => {
            let job = app
                .retry_job(&id)
                .await
                .with_context(|| format!("Failed to retry {id}"))?;
            println!("queued {} again", job.id);
            Ok(())
        }
        JobsCommand::Pause { id } => {
            app.pause_schedule(&id)
                .await
                .with_context(|| format!("Failed to pause {id}"))?;
            println!("paused {id}: its occurrences are skipped until `sleuths jobs resume {id}`");
            Ok(())
        }
        JobsCommand::Resume { id } => {
            let schedule = app
                .resume_schedule(&id)
                .await
                .with_context(|| format!("Failed to resume {id}"))?;
            let next = CronExpr::parse(&schedule.cron)
                .ok()
                .and_then(|c| c.next_after(app.now_ms()));
            println!(
                "resumed {id}: next run {}",
                next.map(rfc3339).unwrap_or_else(|| "never".into())
            );
            Ok(())
        }
    }
}
