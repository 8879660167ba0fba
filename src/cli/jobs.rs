//! `sleuths jobs list|history|cancel|retry|pause|resume`.

use anyhow::Context;

use crate::app::App;
use crate::clock::rfc3339;
use crate::domain::history::{CallOutcome, Event, Origin, WaitReason};
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
    /// What happened to a job, oldest first: queued, claimed (and by whom, a takeover), each provider
    /// call and wait, each slot stored, pauses, a cancel, the end.
    History {
        id: String,
        /// The document `GET /internal/jobs/{id}/history` answers.
        #[arg(long)]
        json: bool,
        /// Keep printing events as they happen until the job ends (Ctrl-C to stop).
        #[arg(long, conflicts_with = "json")]
        follow: bool,
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
        JobsCommand::History { id, json, follow } => history(app, &id, json, follow).await,
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

/// Prints a job's history; with `follow`, the events that come after too, until the job ends.
async fn history(app: &App, id: &str, json: bool, follow: bool) -> anyhow::Result<()> {
    let mut shown = 0usize;
    let mut dropped_said = false;
    loop {
        let Some(h) = app
            .job_history(id)
            .await
            .with_context(|| format!("Failed to read the history of {id}"))?
        else {
            anyhow::bail!("no job {id:?} (an unknown id, or a job purged with its history)");
        };
        if json {
            println!("{}", serde_json::to_string_pretty(&h)?);
            return Ok(());
        }
        if h.dropped > 0 && !dropped_said {
            println!("({} older events were dropped)", h.dropped);
            dropped_said = true;
        }
        // Past the bound the oldest go: what is new is at the end.
        let new = h.events.len().saturating_sub(shown.min(h.events.len()));
        for e in &h.events[h.events.len() - new..] {
            println!("{}  {}", rfc3339_ms(e.at), describe(&e.what));
        }
        shown = h.events.len();
        let ended = h
            .events
            .last()
            .is_some_and(|e| matches!(e.what, Event::Ended { .. } | Event::Cancelled { .. }));
        if !follow || ended {
            return Ok(());
        }
        tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    }
}

fn rfc3339_ms(ms: i64) -> String {
    chrono::DateTime::<chrono::Utc>::from_timestamp_millis(ms)
        .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
        .unwrap_or_else(|| ms.to_string())
}

/// One event as a line for people.
fn describe(e: &Event) -> String {
    match e {
        Event::Queued { by } => format!("queued by {}", origin(*by)),
        Event::Claimed {
            worker,
            attempt,
            takeover_from: Some(from),
        } => format!("taken over by {worker} from {from} (its lease ran out), attempt {attempt}"),
        Event::Claimed { worker, attempt, .. } => format!("claimed by {worker}, attempt {attempt}"),
        Event::Call(c) => {
            let mut line = format!(
                "{:<10} call {} {}: {} in {} ms",
                c.slot,
                c.provider,
                c.model.as_deref().unwrap_or(""),
                outcome(c.outcome),
                c.latency_ms
            );
            if let Some(t) = c.tokens {
                line.push_str(&format!(", {t} tokens"));
            }
            if let Some(usd) = c.cost_usd {
                line.push_str(&format!(", ${usd:.4}"));
            }
            if let Some(ms) = c.retry_after_ms {
                line.push_str(&format!(", asked to wait {ms} ms"));
            }
            if let Some(m) = &c.message {
                line.push_str(&format!(" ({m})"));
            }
            line
        }
        Event::Wait { slot, reason, ms, .. } => format!(
            "{:<10} waited {ms} ms for {}",
            slot.as_deref().unwrap_or("-"),
            match reason {
                WaitReason::RateLimit => "the rate limit",
                WaitReason::Gate => "the call gate",
                WaitReason::Budget => "the budget (hold refused)",
            }
        ),
        Event::Slot {
            slot,
            source: Some(source),
            fallback,
            ..
        } => match fallback {
            Some(cause) => format!("{slot:<10} stored, painted by the fallback {source} ({cause:?})"),
            None => format!("{slot:<10} stored, painted by {source}"),
        },
        Event::Slot { slot, error, .. } => {
            format!("{slot:<10} failed for good: {}", error.as_deref().unwrap_or(""))
        }
        Event::Paused { kind, until, reason } => {
            format!(
                "paused ({}) until {}: {reason}",
                kind.as_str(),
                crate::clock::rfc3339(*until)
            )
        }
        Event::Retrying { until, error } => format!("runs again at {}: {error}", crate::clock::rfc3339(*until)),
        Event::LeaseLost { worker } => format!("{worker} lost the lease"),
        Event::BatchSubmitted { batch, requests } => format!("batch {batch} submitted ({requests} pictures)"),
        Event::BatchPolled { batch, state } => format!("batch {batch} polled: {state}"),
        Event::Cancelled { by } => format!("cancelled by {}", origin(*by)),
        Event::Ended { state, error } => match error {
            Some(e) => format!("{}: {e}", state.as_str()),
            None => state.as_str().to_owned(),
        },
    }
}

fn origin(o: Origin) -> &'static str {
    match o {
        Origin::Api => "the API",
        Origin::Moderator => "a moderator",
        Origin::Cli => "the command line",
        Origin::Cron => "the cron",
        Origin::Job => "another job",
    }
}

fn outcome(o: CallOutcome) -> &'static str {
    match o {
        CallOutcome::Painted => "painted",
        CallOutcome::Refused => "refused",
        CallOutcome::Rejected => "rejected",
        CallOutcome::Throttled => "throttled (429)",
        CallOutcome::Transient => "transient error",
        CallOutcome::Stopped => "stopped the job",
        CallOutcome::Abandoned => "abandoned",
    }
}
