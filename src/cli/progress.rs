//! Progress bars for anything that waits on a case's pictures.

use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::clock::rfc3339;
use crate::domain::{ImageStatus, StatusState};

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

/// Paints the case in this process (alongside any other worker) and shows progress until its status is
/// final; then prints a summary. Fails when the status ends `failed`.
pub async fn wait_for_images(app: &App, case_id: &str, visible: bool) -> anyhow::Result<()> {
    let stop = CancellationToken::new();
    let worker = app.worker(false);
    let worker_stop = stop.clone();
    let handle = tokio::spawn(async move { worker.run(worker_stop).await });
    let result = follow(app, case_id, visible, |_| {}).await;
    stop.cancel();
    let _ = handle.await;
    let (status, elapsed) = result?;
    summary(&status, elapsed, visible);
    if status.status == StatusState::Failed {
        anyhow::bail!(
            "image generation failed: {}",
            status.error.as_deref().unwrap_or("see the errors above")
        );
    }
    Ok(())
}

/// Follows a status record without doing any work.
pub async fn watch(app: &App, case_id: &str, json: bool) -> anyhow::Result<()> {
    let (status, elapsed) = follow(app, case_id, !json, |s| {
        if json {
            println!("{}", serde_json::to_string(s).unwrap_or_default());
        }
    })
    .await?;
    if !json {
        summary(&status, elapsed, true);
    }
    Ok(())
}

async fn follow(
    app: &App,
    case_id: &str,
    visible: bool,
    mut on_change: impl FnMut(&ImageStatus),
) -> anyhow::Result<(ImageStatus, Duration)> {
    let started = Instant::now();
    let mut pb: Option<ProgressBar> = None;
    let mut last: Option<ImageStatus> = None;
    loop {
        let status = app
            .pipeline
            .store
            .get_status(case_id)
            .await?
            .ok_or_else(|| anyhow::anyhow!("no image-generation status for case {case_id:?}"))?;
        let pb = pb.get_or_insert_with(|| bar(status.progress.total, visible));
        pb.set_position(status.progress.current as u64);
        let errors = status.errors.len();
        pb.set_message(if errors > 0 {
            format!("{errors} failed")
        } else {
            String::new()
        });
        if last.as_ref() != Some(&status) {
            on_change(&status);
        }
        if status.status.is_final() {
            pb.finish_and_clear();
            return Ok((status, started.elapsed()));
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
            StatusState::Failed => "failed",
            StatusState::Pending => "pending",
            StatusState::Generating => "generating",
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

/// A human-readable status.
pub fn print_status(case_id: &str, s: &ImageStatus) {
    println!("case:      {case_id}");
    println!("status:    {:?}", s.status);
    println!("progress:  {}/{}", s.progress.current, s.progress.total);
    println!("started:   {}", rfc3339(s.started_at));
    if let Some(c) = s.completed_at {
        println!("completed: {}", rfc3339(c));
    }
    if let Some(j) = &s.job_id {
        println!("job:       {j}");
    }
    for e in &s.errors {
        println!("error:     {} {}: {}", e.kind, e.index, e.message);
    }
    if let Some(e) = &s.error {
        println!("failure:   {e}");
    }
}
