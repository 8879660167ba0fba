//! The HTTP client every remote provider shares: one timeout per call, the key in a header only, every
//! outcome classified by the retry policy, and a gate that lets one call prove the key before others follow.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use reqwest::header::{HeaderName, HeaderValue};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::retry::{self, Endpoint, Failure};
use crate::clock::SharedClock;
use crate::common::Secret;

/// After a rejected key or a missing model, calls fail with the same answer for this long without asking.
pub const REJECTION_HOLD: Duration = Duration::from_secs(60);

/// How the key travels.
#[derive(Debug, Clone, Copy)]
pub enum Auth {
    /// `x-goog-api-key: KEY` (Gemini).
    GoogApiKey,
    /// `Authorization: Bearer KEY` (OpenAI).
    Bearer,
}

/// A JSON-over-HTTP client for one model.
pub struct Remote {
    http: reqwest::Client,
    key: Secret,
    auth: Auth,
    timeout: Duration,
    clock: SharedClock,
    gate: Gate,
    /// The label of log lines and metrics (`gemini`, `openai`).
    pub provider: &'static str,
    pub endpoint: Endpoint,
}

impl Remote {
    pub fn new(
        provider: &'static str,
        endpoint: Endpoint,
        key: Secret,
        auth: Auth,
        timeout: Duration,
        clock: SharedClock,
    ) -> Result<Self, reqwest::Error> {
        let http = reqwest::Client::builder()
            .timeout(timeout)
            .connect_timeout(timeout.min(Duration::from_secs(10)))
            .user_agent(concat!("armchair-sleuths/", env!("CARGO_PKG_VERSION")))
            .build()?;
        Ok(Remote {
            http,
            key,
            auth,
            timeout,
            clock,
            gate: Gate::default(),
            provider,
            endpoint,
        })
    }

    /// POSTs `body` as JSON to `url` and reads a JSON answer. Until one call has shown that the key and
    /// model are accepted, calls go one at a time; for `REJECTION_HOLD` after a rejection, and until a
    /// spent per-day quota resets, calls get the same error without asking the server again.
    pub async fn post<Req: Serialize + Sync, Resp: DeserializeOwned>(
        &self,
        url: &str,
        body: &Req,
    ) -> Result<Resp, Failure> {
        self.gate
            .pass(
                || self.clock.now_ms(),
                || self.send(reqwest::Method::POST, url, Some(body)),
            )
            .await
    }

    /// GETs `url` and reads a JSON answer, under the same gate as `post`.
    pub async fn get<Resp: DeserializeOwned>(&self, url: &str) -> Result<Resp, Failure> {
        self.gate
            .pass(
                || self.clock.now_ms(),
                || self.send::<(), Resp>(reqwest::Method::GET, url, None),
            )
            .await
    }

    async fn send<Req: Serialize + Sync, Resp: DeserializeOwned>(
        &self,
        method: reqwest::Method,
        url: &str,
        body: Option<&Req>,
    ) -> Result<Resp, Failure> {
        let started = Instant::now();
        let (name, value) = match self.auth {
            Auth::GoogApiKey => (HeaderName::from_static("x-goog-api-key"), self.key.expose().to_owned()),
            Auth::Bearer => (reqwest::header::AUTHORIZATION, format!("Bearer {}", self.key.expose())),
        };
        let mut value = HeaderValue::from_str(&value).map_err(|_| {
            Failure::KeyRejected(format!(
                "the {} API key has characters a header cannot carry",
                self.endpoint.service
            ))
        })?;
        value.set_sensitive(true);
        let mut request = self.http.request(method, url).header(name, value);
        if let Some(body) = body {
            request = request.json(body);
        }
        let sent = request.send().await;
        let response = match sent {
            Ok(r) => r,
            Err(e) => {
                let failure = retry::classify_transport(&e, &self.endpoint, self.timeout);
                self.log(None, started, Some(&failure));
                return Err(failure);
            }
        };
        let status = response.status();
        let headers = response.headers().clone();
        let text = match response.text().await {
            Ok(t) => t,
            Err(e) => {
                let failure = retry::classify_transport(&e, &self.endpoint, self.timeout);
                self.log(Some(status.as_u16()), started, Some(&failure));
                return Err(failure);
            }
        };
        // Servers echo what they were sent, in errors and in answers alike (a refusal's text, a
        // finish message): nothing of the body reaches a log, a record or a response with the key in it.
        let text = retry::redact(&text, self.key.expose());
        if !status.is_success() {
            let failure = retry::classify_status(status, &headers, &text, &self.endpoint, self.clock.now_ms());
            self.log(Some(status.as_u16()), started, Some(&failure));
            return Err(failure);
        }
        self.log(Some(status.as_u16()), started, None);
        serde_json::from_str(&text).map_err(|e| {
            Failure::BadAnswer(format!(
                "{} answered {status} with a body that is not the expected JSON: {e}",
                self.endpoint.service
            ))
        })
    }

    fn log(&self, status: Option<u16>, started: Instant, failure: Option<&Failure>) {
        let duration_ms = started.elapsed().as_millis() as u64;
        let model = self.endpoint.model.as_str();
        match failure {
            None => tracing::debug!(
                provider = self.provider,
                model,
                http.status = status,
                duration_ms,
                "model call"
            ),
            Some(f) => {
                tracing::debug!(provider = self.provider, model, http.status = status, duration_ms, error = %f, "model call failed")
            }
        }
    }
}

/// Serializes calls until the server has accepted the key and model once, and remembers an answer that
/// stands for a while (a rejected key, a missing model, a spent per-day quota), so a job's concurrent slots
/// do not each ask again: a bad key or a spent quota costs one call.
struct Gate {
    proven: AtomicBool,
    /// The last standing answer and until when it stands (Unix ms, on the remote's clock).
    last: tokio::sync::Mutex<Option<(i64, Failure)>>,
    /// How long a rejection stands in for the server's answer.
    hold: Duration,
}

impl Default for Gate {
    fn default() -> Self {
        Gate {
            proven: AtomicBool::new(false),
            last: tokio::sync::Mutex::new(None),
            hold: REJECTION_HOLD,
        }
    }
}

impl Gate {
    /// Until when `f` stands in for the server's answer, if it does: a rejection for `hold`, a spent
    /// quota until it resets (by `now_ms`, the clock the quota's reset time was read on).
    fn stands_until(&self, f: &Failure, now_ms: i64) -> Option<i64> {
        match f {
            f if f.is_fatal() => Some(now_ms + self.hold.as_millis() as i64),
            Failure::QuotaExhausted { resume_at_ms, .. } => Some(*resume_at_ms),
            _ => None,
        }
    }

    async fn pass<T, F, Fut>(&self, now_ms: impl Fn() -> i64, call: F) -> Result<T, Failure>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<T, Failure>>,
    {
        if self.proven.load(Ordering::Acquire) {
            let result = call().await;
            if let Err(f) = &result
                && let Some(until) = self.stands_until(f, now_ms())
            {
                let mut last = self.last.lock().await;
                self.proven.store(false, Ordering::Release);
                *last = Some((until, f.clone()));
            }
            return result;
        }
        let mut last = self.last.lock().await;
        if let Some((until, f)) = last.as_ref()
            && now_ms() < *until
        {
            return Err(f.clone());
        }
        if self.proven.load(Ordering::Acquire) {
            drop(last);
            return call().await;
        }
        let result = call().await;
        match &result {
            Err(f) => match self.stands_until(f, now_ms()) {
                Some(until) => *last = Some((until, f.clone())),
                // No answer, or one that says nothing of the key: the next caller tries again, alone.
                None if !f.server_answered() => {}
                None => {
                    *last = None;
                    self.proven.store(true, Ordering::Release);
                }
            },
            Ok(_) => {
                *last = None;
                self.proven.store(true, Ordering::Release);
            }
        }
        result
    }
}

/// Hands a remote model's picture to the pipeline, logging what came back.
pub(crate) fn received(
    provider: &'static str,
    request: &super::ImageRequest,
    started: Instant,
    bytes: Vec<u8>,
) -> super::Picture {
    tracing::debug!(
        provider,
        case.id = %request.case_id,
        slot = %request.slot,
        duration_ms = started.elapsed().as_millis() as u64,
        size_bytes = bytes.len(),
        "picture received"
    );
    super::Picture::Encoded(bytes)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::sync::atomic::AtomicUsize;

    use super::*;

    fn now() -> i64 {
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64
    }

    #[tokio::test]
    async fn a_spent_daily_quota_is_asked_once_and_stands_until_it_resets() {
        let gate = Arc::new(Gate::default());
        let calls = Arc::new(AtomicUsize::new(0));
        let resets = now() + 300;
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (gate, calls) = (gate.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                gate.pass(now, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Err::<(), _>(Failure::QuotaExhausted {
                        message: "per day".into(),
                        resume_at_ms: resets,
                    })
                })
                .await
            }));
        }
        for t in tasks {
            assert!(matches!(t.await.unwrap(), Err(Failure::QuotaExhausted { .. })));
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1, "one call learns the quota is spent");
        tokio::time::sleep(Duration::from_millis(350)).await;
        let ok = gate
            .pass(now, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok::<_, Failure>(())
            })
            .await;
        assert!(ok.is_ok(), "once the quota resets, calls go again");
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }

    #[tokio::test]
    async fn a_rejected_key_is_tried_once_however_many_callers_wait_and_a_good_one_lets_them_all_through() {
        let gate = Arc::new(Gate {
            hold: Duration::from_millis(200),
            ..Gate::default()
        });
        let calls = Arc::new(AtomicUsize::new(0));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let (gate, calls) = (gate.clone(), calls.clone());
            tasks.push(tokio::spawn(async move {
                gate.pass(now, || async {
                    calls.fetch_add(1, Ordering::SeqCst);
                    tokio::time::sleep(Duration::from_millis(20)).await;
                    Err::<(), _>(Failure::KeyRejected("no".into()))
                })
                .await
            }));
        }
        for t in tasks {
            assert!(t.await.unwrap().is_err());
        }
        assert_eq!(calls.load(Ordering::SeqCst), 1);
        let again = gate.pass(now, || async { Ok::<_, Failure>(()) }).await;
        assert!(
            matches!(again, Err(Failure::KeyRejected(_))),
            "the rejection still stands"
        );

        // Once the hold is over, a caller tries again (the key may have been fixed); success opens the gate.
        tokio::time::sleep(Duration::from_millis(250)).await;
        let ok = gate
            .pass(now, || async {
                calls.fetch_add(1, Ordering::SeqCst);
                Ok::<_, Failure>(())
            })
            .await;
        assert!(ok.is_ok());
        assert!(gate.proven.load(Ordering::SeqCst));
        assert_eq!(calls.load(Ordering::SeqCst), 2);
    }
}
