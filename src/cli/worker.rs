//! `sleuths worker`: the scheduler and a worker in the foreground.

use tokio_util::sync::CancellationToken;

use crate::app::App;

#[derive(Debug, clap::Args)]
pub struct WorkerArgs {
    /// Jobs run at once [default: 2].
    #[arg(long, env = "SLEUTHS_WORKER_CONCURRENCY")]
    pub concurrency: Option<usize>,
    /// Do not fire cron occurrences from this process.
    #[arg(long)]
    pub no_cron: bool,
}

pub async fn run(app: &App, args: WorkerArgs) -> anyhow::Result<()> {
    let worker = app.worker(!args.no_cron);
    let shutdown = CancellationToken::new();
    super::stop_on_signals(
        shutdown.clone(),
        format!(
            "no new jobs are claimed; running jobs get up to {} to finish the slots in flight",
            crate::common::duration::format(app.config().scheduler.shutdown_grace)
        ),
    );
    worker.run(shutdown).await?;
    Ok(())
}
