//! Wrappers around any provider: a journal of every call (one line per paid request, shared by all
//! processes that append to the same file) and an added latency (to rehearse a slow model offline).

use std::io::Write;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{BatchPainter, Call, ImageProvider, ImageRequest};
use crate::domain::SlotKind;

/// Appends `{unix_ms} {pid} {case_id} {slot}` to a file before each call.
pub struct CallLog {
    pub inner: Arc<dyn ImageProvider>,
    pub path: PathBuf,
}

#[async_trait]
impl ImageProvider for CallLog {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn estimate(&self, kind: SlotKind) -> i64 {
        self.inner.estimate(kind)
    }

    fn batch(&self) -> Option<&dyn BatchPainter> {
        self.inner.batch()
    }

    async fn generate(&self, request: &ImageRequest) -> Call {
        let line = format!(
            "{} {} {} {}\n",
            chrono::Utc::now().timestamp_millis(),
            std::process::id(),
            request.case_id,
            request.slot
        );
        let path = self.path.clone();
        // One O_APPEND write per line: lines from concurrent processes never interleave.
        let written = tokio::task::spawn_blocking(move || {
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(&path)?
                .write_all(line.as_bytes())
        })
        .await;
        if let Err(e) = written.map_err(std::io::Error::other).and_then(|r| r) {
            tracing::warn!(error = %e, "could not append to the provider call log");
        }
        self.inner.generate(request).await
    }
}

/// Waits a fixed time before each call.
pub struct Latency {
    pub inner: Arc<dyn ImageProvider>,
    pub delay: Duration,
}

#[async_trait]
impl ImageProvider for Latency {
    fn name(&self) -> &'static str {
        self.inner.name()
    }

    fn estimate(&self, kind: SlotKind) -> i64 {
        self.inner.estimate(kind)
    }

    fn batch(&self) -> Option<&dyn BatchPainter> {
        self.inner.batch()
    }

    async fn generate(&self, request: &ImageRequest) -> Call {
        tokio::time::sleep(self.delay).await;
        self.inner.generate(request).await
    }
}
