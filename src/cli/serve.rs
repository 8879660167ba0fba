//! `sleuths serve`: HTTP, the scheduler and a worker in one process.

use std::io::Write;
use std::net::SocketAddr;
use std::path::Path;

use anyhow::Context;
use tokio_util::sync::CancellationToken;

use crate::app::App;
use crate::http::{AppState, serve};

#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SLEUTHS_PORT", default_value_t = 8080)]
    pub port: u16,
    /// Address to bind.
    #[arg(long, env = "SLEUTHS_BIND", default_value = "127.0.0.1")]
    pub bind: std::net::IpAddr,
    /// The moderator token. Without one, a token is made on first start and kept in the data directory.
    #[arg(long, env = "SLEUTHS_ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,
    /// Serve HTTP only; leave jobs to `sleuths worker` processes.
    #[arg(long)]
    pub no_worker: bool,
}

/// The configured token, or the one kept in `data_dir/admin-token` (made on first start).
fn admin_token(given: Option<String>, data_dir: &Path) -> anyhow::Result<(String, bool)> {
    if let Some(t) = given.filter(|t| !t.trim().is_empty()) {
        return Ok((t.trim().to_owned(), false));
    }
    let path = data_dir.join("admin-token");
    if let Ok(t) = std::fs::read_to_string(&path)
        && !t.trim().is_empty()
    {
        return Ok((t.trim().to_owned(), true));
    }
    let token = crate::ids::token();
    std::fs::write(&path, &token).with_context(|| format!("Failed to write {}", path.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let _ = std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600));
    }
    Ok((token, true))
}

/// Binds the HTTP port, before anything is created on disk.
pub async fn listen(args: &ServeArgs) -> anyhow::Result<tokio::net::TcpListener> {
    let addr = SocketAddr::new(args.bind, args.port);
    tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("Failed to listen on {addr}"))
}

/// Marks the data directory as served by this process for as long as it runs (an advisory lock on
/// `data_dir/serve.lock`, released by the kernel when the process ends, however it ends). Returns the
/// pid written there by another process that holds it, if one does.
fn claim_data_dir(data_dir: &Path) -> anyhow::Result<(std::fs::File, Option<String>)> {
    use std::io::{Read, Seek};
    use std::os::fd::AsRawFd;
    let path = data_dir.join("serve.lock");
    let mut file = std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .create(true)
        .truncate(false)
        .open(&path)
        .with_context(|| format!("Failed to open {}", path.display()))?;
    let locked = try_lock(file.as_raw_fd());
    if !locked {
        let mut other = String::new();
        let _ = file.read_to_string(&mut other);
        return Ok((file, Some(other.trim().to_owned())));
    }
    file.set_len(0)?;
    file.rewind()?;
    write!(file, "{}", std::process::id())?;
    Ok((file, None))
}

/// Takes an exclusive advisory lock on `fd` without waiting; false when another process holds it.
#[expect(unsafe_code, reason = "flock(2) has no safe wrapper in libc")]
fn try_lock(fd: std::os::fd::RawFd) -> bool {
    // SAFETY: flock on a descriptor the caller owns and keeps open; no memory is passed.
    unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) == 0 }
}

pub async fn run(app: &App, args: ServeArgs, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let (_served, other) = claim_data_dir(&app.config().data_dir)?;
    let (token, from_file) = admin_token(args.admin_token, &app.config().data_dir)?;
    let local = listener.local_addr()?;
    // Whoever started us may have stopped reading stdout: a closed pipe must not stop the server.
    let mut out = std::io::stdout();
    let _ = writeln!(
        out,
        "Armchair Sleuths serving on http://{local}/  (dashboard: http://{local}/admin)"
    );
    let _ = if from_file {
        writeln!(
            out,
            "Moderator token: {token}  (kept in {})",
            app.config().data_dir.join("admin-token").display()
        )
    } else {
        writeln!(out, "Moderator token: from --admin-token / SLEUTHS_ADMIN_TOKEN")
    };
    if let Some(pid) = other {
        let who = if pid.is_empty() {
            "another process".to_owned()
        } else {
            format!("process {pid}")
        };
        let _ = writeln!(
            out,
            "Note: {who} already serves {} (same database, images and token); both answer from it",
            app.config().data_dir.display()
        );
        tracing::warn!(data_dir = %app.config().data_dir.display(), other = %pid, "another serve uses this data directory");
    }
    let _ = out.flush();

    let shutdown = CancellationToken::new();
    let grace = crate::common::duration::format(app.config().scheduler.shutdown_grace);
    super::stop_on_signals(
        shutdown.clone(),
        if args.no_worker {
            format!("no new connections; open requests and event streams get up to {grace} to end")
        } else {
            format!(
                "no new connections or jobs; open requests, event streams and running jobs get up to {grace} to end"
            )
        },
    );
    let worker = (!args.no_worker).then(|| {
        let worker = app.worker(true);
        let stop = shutdown.clone();
        tokio::spawn(async move { worker.run(stop).await })
    });

    let state = AppState::new(app.clone(), &token);
    let stop = shutdown.clone();
    serve(
        listener,
        state,
        async move { stop.cancelled().await },
        app.config().scheduler.shutdown_grace,
    )
    .await?;
    if let Some(w) = worker {
        w.await.context("worker task failed")??;
    }
    tracing::info!("stopped");
    Ok(())
}
