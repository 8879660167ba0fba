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
    let signal = shutdown.clone();
    tokio::spawn(async move {
        super::shutdown_signal().await;
        tracing::info!("shutdown signal received");
        signal.cancel();
    });
    worker.run(shutdown).await?;
    Ok(())
}
