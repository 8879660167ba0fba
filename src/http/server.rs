//! The listener: HTTP/1.1 connections under a cap, with a header read timeout and an idle timeout, so
//! no crowd of idle or slow sockets can stop the server from accepting (spec section 8).

use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::task::{Context, Poll};
use std::time::{Duration, Instant};

use hyper_util::rt::{TokioIo, TokioTimer};
use hyper_util::service::TowerToHyperService;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio::sync::Semaphore;

use crate::config::HttpSettings;

/// Open file descriptors kept free for the store, the image files and the process itself.
const RESERVED_FDS: u64 = 256;

/// Raises the soft limit of open files to the hard limit and returns the connections to allow: the
/// configured cap, or (when 0) what fits under the limit with `RESERVED_FDS` to spare.
pub fn connection_cap(settings: &HttpSettings) -> usize {
    let files = raise_open_files_limit();
    match settings.max_connections {
        0 => files.saturating_sub(RESERVED_FDS).clamp(64, 1 << 20) as usize,
        n => n,
    }
}

#[cfg(unix)]
#[expect(unsafe_code, reason = "getrlimit and setrlimit have no safe wrapper in libc")]
fn raise_open_files_limit() -> u64 {
    // SAFETY: getrlimit/setrlimit read and write a plain struct we own.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) != 0 {
            return 1024;
        }
        if limit.rlim_cur < limit.rlim_max {
            let raised = libc::rlimit {
                rlim_cur: limit.rlim_max,
                rlim_max: limit.rlim_max,
            };
            if libc::setrlimit(libc::RLIMIT_NOFILE, &raised) == 0 {
                limit.rlim_cur = limit.rlim_max;
            }
        }
        limit.rlim_cur
    }
}

#[cfg(not(unix))]
fn raise_open_files_limit() -> u64 {
    1024
}

/// Serves `app` on `listener` until `shutdown` resolves; then open connections get `grace` to finish.
pub async fn run(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    settings: &HttpSettings,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
    grace: Duration,
) -> std::io::Result<()> {
    let cap = connection_cap(settings);
    let open = Arc::new(Semaphore::new(cap));
    let graceful = hyper_util::server::graceful::GracefulShutdown::new();
    let mut http = hyper::server::conn::http1::Builder::new();
    http.timer(TokioTimer::new())
        .header_read_timeout(settings.header_read_timeout)
        .keep_alive(true);
    let idle = settings.idle_timeout;
    tracing::info!(connections.max = cap, "accepting connections");
    tokio::pin!(shutdown);
    loop {
        let (stream, _) = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok(a) => a,
                Err(e) => {
                    // Out of file descriptors, or a connection reset before accept: wait a moment
                    // instead of spinning, then accept again.
                    tracing::warn!(error = %e, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            },
            _ = &mut shutdown => break,
        };
        let Ok(permit) = open.clone().try_acquire_owned() else {
            // Over the cap: close at once, so the socket goes back before it costs anything.
            tracing::debug!("connection refused: at the cap");
            drop(stream);
            continue;
        };
        let _ = stream.set_nodelay(true);
        let activity = Arc::new(AtomicU64::new(0));
        let epoch = Instant::now();
        let io = TokioIo::new(Watched {
            inner: stream,
            activity: activity.clone(),
            epoch,
        });
        let conn = http.serve_connection(io, TowerToHyperService::new(app.clone()));
        let conn = graceful.watch(conn);
        tokio::spawn(async move {
            tokio::select! {
                _ = conn => {}
                _ = idle_for(idle, &activity, epoch) => {}
            }
            drop(permit);
        });
    }
    drop(listener);
    if tokio::time::timeout(grace, graceful.shutdown()).await.is_err() {
        tracing::info!("connections still open after the grace period; closing them");
    }
    Ok(())
}

/// Resolves once nothing was read or written for `idle`: a connection with no request in flight and
/// none coming (an event stream writes a keep-alive comment every 15 s, so it never idles).
async fn idle_for(idle: Duration, activity: &AtomicU64, epoch: Instant) {
    loop {
        let last = Duration::from_millis(activity.load(Ordering::Relaxed));
        let quiet = epoch.elapsed().saturating_sub(last);
        if quiet >= idle {
            return;
        }
        tokio::time::sleep(idle - quiet).await;
    }
}

/// A socket that notes when it last read or wrote (ms since `epoch`).
struct Watched {
    inner: TcpStream,
    activity: Arc<AtomicU64>,
    epoch: Instant,
}

impl Watched {
    fn touch(&self) {
        self.activity
            .store(self.epoch.elapsed().as_millis() as u64, Ordering::Relaxed);
    }
}

impl AsyncRead for Watched {
    fn poll_read(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &mut ReadBuf<'_>) -> Poll<std::io::Result<()>> {
        let before = buf.filled().len();
        let polled = Pin::new(&mut self.inner).poll_read(cx, buf);
        if matches!(polled, Poll::Ready(Ok(()))) && buf.filled().len() > before {
            self.touch();
        }
        polled
    }
}

impl AsyncWrite for Watched {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, data: &[u8]) -> Poll<std::io::Result<usize>> {
        let polled = Pin::new(&mut self.inner).poll_write(cx, data);
        if matches!(polled, Poll::Ready(Ok(n)) if n > 0) {
            self.touch();
        }
        polled
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}
