//! Progress bars (and plain lines, off a terminal) for anything that waits on a case's pictures.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::clock::rfc3339;
use crate::domain::{ImageStatus, JobRecord, JobState, StatusState};

const POLL: Duration = Duration::from_millis(200);

fn bar(total: usize, visible: bool) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let pb = ProgressBar::new(total as u64);
    pb.set_style(
        ProgressStyle::with_template("{spinner} Generating images... {pos}/{len} [{bar:30}] {elapsed} {msg}")
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> "),
    );
    pb.enable_steady_tick(Duration::from_millis(120));
    pb
}

/// How a wait ended.
enum Ended {
    Final(Box<ImageStatus>, Duration),
    /// Ctrl-C or SIGTERM.
    Interrupted,
}

/// Paints the case in this process (alongside any other worker) and shows progress until its status is
/// final; then prints a summary. Fails when the status ends `failed`. On Ctrl-C the job goes straight
/// back to the queue (no lease left to wait out) and the command that resumes it is printed.
pub async fn wait_for_images(app: &App, case_id: &str, visible: bool) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    let mut worker = app.worker(false);
    // Whoever presses Ctrl-C wants the terminal back now: abandon the slots in flight at once.
    std::sync::Arc::make_mut(&mut worker.scheduler.config).shutdown_grace = Duration::ZERO;
    let me = worker.id.clone();
    let worker_stop = stop.clone();
    let handle = tokio::spawn(async move { worker.run(worker_stop).await });
    let ended = tokio::select! {
        ended = follow(app, case_id, visible, Some(&me), |_| {}) => ended,
        _ = super::shutdown_signal() => Ok(Ended::Interrupted),
    };
    stop.cancel();
    let _ = handle.await;
    match ended? {
        Ended::Final(status, elapsed) => {
            summary(&status, elapsed, visible);
            if status.status == StatusState::Failed {
                anyhow::bail!(
                    "image generation failed: {}",
                    status.error.as_deref().unwrap_or("see the errors above")
                );
            }
            Ok(())
        }
        Ended::Interrupted => {
            let painted = app
                .status(case_id)
                .await
                .ok()
                .flatten()
                .map(|s| format!("{}/{}", s.progress.current, s.progress.total))
                .unwrap_or_else(|| "?".into());
            eprintln!("interrupted at {painted}: the job is back in the queue, and any worker paints the rest");
            eprintln!(
                "resume here with: {}",
                super::command_line(&["images", "generate", case_id, "--wait"])
            );
            std::process::exit(130);
        }
    }
}

/// Follows a status record without doing any work: a bar on a terminal, else one line per change
/// (or, with `json`, the record as one JSON line per change).
pub async fn watch(app: &App, case_id: &str, json: bool) -> anyhow::Result<()> {
    let lines = json || !std::io::stdout().is_terminal();
    let ended = follow(app, case_id, !lines, None, |s| {
        if json {
            println!("{}", serde_json::to_string(s).unwrap_or_default());
        } else if lines {
            println!("{}", one_line(s, app.now_ms()));
        }
    })
    .await?;
    if let Ended::Final(status, elapsed) = ended
        && !json
    {
        summary(&status, elapsed, true);
    }
    Ok(())
}

/// One line for a log or a pipe: `2026-11-29T22:30:00Z generating 4/15 errors=1 paused-until=...`.
fn one_line(s: &ImageStatus, now_ms: i64) -> String {
    let mut line = format!(
        "{} {} {}/{}",
        rfc3339(now_ms),
        state_name(s.status),
        s.progress.current,
        s.progress.total
    );
    if !s.errors.is_empty() {
        line += &format!(" errors={}", s.errors.len());
    }
    if !s.fallbacks.is_empty() {
        line += &format!(" fallbacks={}", s.fallbacks.len());
    }
    if let Some(wait) = pause_note(s, now_ms) {
        line += &format!(" ({wait})");
    }
    if let Some(t) = throttle_note(s) {
        line += &format!(" ({t})");
    }
    if let Some(e) = &s.error {
        line += &format!(" ({e})");
    }
    line
}

fn state_name(state: StatusState) -> &'static str {
    match state {
        StatusState::Completed => "completed",
        StatusState::Failed => "failed",
        StatusState::Pending => "pending",
        StatusState::Generating => "generating",
    }
}

/// "paused until ...: why", while a pause is ahead.
fn pause_note(s: &ImageStatus, now_ms: i64) -> Option<String> {
    let until = s.paused_until.filter(|&t| t > now_ms)?;
    Some(match &s.paused_reason {
        Some(why) => format!("paused until {}: {why}", rfc3339(until)),
        None => format!("paused until {}", rfc3339(until)),
    })
}

/// "throttled by the model since ...: N calls waited (last asked 30s)", while a spell of 429s lasts.
fn throttle_note(s: &ImageStatus) -> Option<String> {
    let t = s.throttled.as_ref()?;
    let mut note = format!(
        "throttled by the model since {}: {} call(s) waited",
        rfc3339(t.since),
        t.waits
    );
    if let Some(ms) = t.last_delay_ms {
        note += &format!(
            " (last asked {})",
            crate::common::duration::format(std::time::Duration::from_millis(ms))
        );
    }
    Some(note)
}

/// What the job waits on, when it is not this process painting: another worker's lease, a backoff.
fn job_note(job: &JobRecord, me: Option<&str>, now_ms: i64) -> Option<String> {
    match job.state {
        JobState::Running if job.worker.as_deref() != me => {
            let holder = job.worker.as_deref().unwrap_or("another worker");
            let until = job.lease_expires_at.unwrap_or(now_ms);
            Some(format!(
                "held by {holder}'s lease until {} (taken over then if it is gone)",
                rfc3339(until)
            ))
        }
        JobState::Queued if job.run_at > now_ms => Some(match &job.last_error {
            Some(e) => format!("runs again at {}: {e}", rfc3339(job.run_at)),
            None => format!("starts at {}", rfc3339(job.run_at)),
        }),
        JobState::Cancelled => Some("the job was cancelled".into()),
        _ => None,
    }
}

async fn follow(
    app: &App,
    case_id: &str,
    visible: bool,
    me: Option<&str>,
    mut on_change: impl FnMut(&ImageStatus),
) -> anyhow::Result<Ended> {
    let started = Instant::now();
    let mut pb: Option<ProgressBar> = None;
    let mut last: Option<ImageStatus> = None;
    loop {
        let status = app
            .status(case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no image-generation status for case {case_id:?}"))?;
        let pb = pb.get_or_insert_with(|| bar(status.progress.total, visible));
        pb.set_position(status.progress.current as u64);
        let now = app.now_ms();
        let mut notes = Vec::new();
        if !status.errors.is_empty() {
            notes.push(format!("{} failed", status.errors.len()));
        }
        if !status.fallbacks.is_empty() {
            notes.push(format!("{} by fallback", status.fallbacks.len()));
        }
        if let Some(p) = pause_note(&status, now) {
            notes.push(p);
        } else if let Some(t) = throttle_note(&status) {
            notes.push(t);
        } else if visible
            && !status.status.is_final()
            && let Some(job_id) = &status.job_id
            && let Some(job) = app.job(job_id).await?
            && let Some(n) = job_note(&job, me, now)
        {
            notes.push(n);
        }
        pb.set_message(notes.join("; "));
        if last.as_ref() != Some(&status) {
            on_change(&status);
        }
        if status.status.is_final() {
            pb.finish_and_clear();
            return Ok(Ended::Final(Box::new(status), started.elapsed()));
        }
        last = Some(status);
        tokio::time::sleep(POLL).await;
    }
}

fn summary(status: &ImageStatus, elapsed: Duration, visible: bool) {
    if !visible {
        return;
    }
    let painted = status.images.count();
    eprintln!(
        "{}: {painted}/{} images, {} errors, {:.1}s",
        match status.status {
            StatusState::Completed => "done",
            other => state_name(other),
        },
        status.progress.total,
        status.errors.len(),
        elapsed.as_secs_f64()
    );
    for e in &status.errors {
        eprintln!("  {} {}: {}", e.kind, e.index, e.message);
    }
    if let Some(err) = &status.error {
        eprintln!("  job: {err}");
    }
}

/// A human-readable status, with the job's own state when it says more (a pause, a cancellation, a
/// lease held by another worker).
pub fn print_status(case_id: &str, s: &ImageStatus, job: Option<&JobRecord>, now_ms: i64) {
    println!("case:      {case_id}");
    println!("status:    {}", state_name(s.status));
    println!("progress:  {}/{}", s.progress.current, s.progress.total);
    println!("started:   {}", rfc3339(s.started_at));
    if let Some(c) = s.completed_at {
        println!("completed: {}", rfc3339(c));
    }
    if let Some(j) = &s.job_id {
        match job {
            Some(job) => println!("job:       {j} ({})", job.state.as_str()),
            None => println!("job:       {j}"),
        }
    }
    if let Some(p) = pause_note(s, now_ms) {
        println!("paused:    {p}");
    }
    if let Some(t) = throttle_note(s) {
        println!("throttled: {t}");
    }
    if s.cost_usd > 0.0 {
        println!(
            "cost:      {}",
            crate::domain::spend::format_usd(crate::domain::spend::micros(s.cost_usd))
        );
    }
    if let Some(b) = &s.batch {
        let state = if b.closed { "done with" } else { "waiting for" };
        println!(
            "batch:     {state} {} ({}, {} pictures, {} polls; live painting from {})",
            if b.id.is_empty() {
                "a batch being submitted"
            } else {
                &b.id
            },
            b.state,
            b.slots.len(),
            b.polls,
            rfc3339(b.deadline)
        );
    }
    if let Some(job) = job {
        if job.state == JobState::Cancelled {
            println!("cancelled: the job was cancelled at {}", rfc3339(job.updated_at));
        } else if !s.status.is_final()
            && s.paused_until.is_none()
            && let Some(n) = job_note(job, None, now_ms)
        {
            println!("waiting:   {n}");
        }
    }
    for f in &s.fallbacks {
        let slot = crate::domain::Slot::new(f.kind, f.index);
        let source = s.sources.get(slot).unwrap_or("the fallback");
        let cause = match f.cause {
            crate::domain::FallbackCause::Refused => "refused by the model",
            crate::domain::FallbackCause::Unavailable => "the model was unavailable; it repaints it when back",
        };
        println!("fallback:  {slot} painted by {source} ({cause}): {}", f.reason);
    }
    for e in &s.errors {
        println!("error:     {} {}: {}", e.kind, e.index, e.message);
    }
    if let Some(e) = &s.error {
        println!("failure:   {e}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn job(state: JobState, worker: Option<&str>, lease: Option<i64>, run_at: i64) -> JobRecord {
        JobRecord {
            id: "j1".into(),
            name: "generate-case-images".into(),
            data: serde_json::json!({"caseId": "case-1"}),
            state,
            key: None,
            attempts: 1,
            max_attempts: 5,
            run_at,
            lease_expires_at: lease,
            worker: worker.map(str::to_owned),
            last_error: Some("Gemini is unavailable (503)".into()),
            paused_for: None,
            schedule_id: None,
            occurrence: None,
            created_at: 0,
            updated_at: 0,
            finished_at: None,
            crashes: 0,
            traceparent: None,
        }
    }

    const NOW: i64 = 1_795_910_400_000; // 2026-11-29T00:00:00Z

    #[test]
    fn a_job_under_another_worker_s_lease_says_whose_and_until_when() {
        let held = job(JobState::Running, Some("host-42-abc"), Some(NOW + 24_000), 0);
        let note = job_note(&held, Some("me"), NOW).unwrap();
        assert_eq!(
            note,
            "held by host-42-abc's lease until 2026-11-29T00:00:24Z (taken over then if it is gone)"
        );
        assert_eq!(
            job_note(&held, Some("host-42-abc"), NOW),
            None,
            "our own lease needs no word"
        );
    }

    #[test]
    fn a_job_waiting_out_a_backoff_says_when_it_runs_again_and_why() {
        let waiting = job(JobState::Queued, None, None, NOW + 5_000);
        assert_eq!(
            job_note(&waiting, None, NOW).unwrap(),
            "runs again at 2026-11-29T00:00:05Z: Gemini is unavailable (503)"
        );
        assert_eq!(job_note(&job(JobState::Queued, None, None, NOW), None, NOW), None);
    }

    /// A pending record for a sample case of 15 pictures.
    fn pending_record() -> ImageStatus {
        let case = case_writer::write(&crate::casegen::CaseRequest {
            id: "case-1".into(),
            date: "2026-11-29".into(),
            seed: 1,
            counts: crate::casegen::CaseCounts::default(),
            created_at: NOW,
        })
        .unwrap();
        ImageStatus::pending_for(&case, None, NOW)
    }

    #[test]
    fn a_pause_says_until_when_and_why_and_is_forgotten_once_past() {
        let mut s = pending_record();
        s.paused_until = Some(NOW + 3_600_000);
        s.paused_reason = Some("the Gemini daily quota is exhausted".into());
        assert_eq!(
            pause_note(&s, NOW).unwrap(),
            "paused until 2026-11-29T01:00:00Z: the Gemini daily quota is exhausted"
        );
        assert_eq!(pause_note(&s, NOW + 3_600_001), None);
        assert!(one_line(&s, NOW).contains("pending 0/15 (paused until 2026-11-29T01:00:00Z"));
    }

    #[test]
    fn a_throttled_job_says_since_when_and_how_many_calls_waited() {
        let mut s = pending_record();
        assert_eq!(throttle_note(&s), None);
        s.throttled = Some(crate::domain::Throttled {
            since: NOW,
            waits: 12,
            last_delay_ms: Some(30_000),
            last_at: NOW + 60_000,
        });
        assert_eq!(
            throttle_note(&s).unwrap(),
            "throttled by the model since 2026-11-29T00:00:00Z: 12 call(s) waited (last asked 30s)"
        );
        assert!(one_line(&s, NOW).contains("(throttled by the model since"));
    }
}
