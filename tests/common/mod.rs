//! Shared test fixtures: a temporary data directory, an app on a real SQLite file, a fake provider.

#![allow(dead_code, reason = "each test binary uses a different part of this module")]

pub mod browser;
pub mod cluster;
pub mod fake;
pub mod proxy;
pub mod redis;

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use async_trait::async_trait;
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{ManualClock, SharedClock, SystemClock};
use sleuths::config::Config;
use sleuths::domain::Slot;
use sleuths::images::LocalImages;
use sleuths::providers::{Bill, Call, ImageProvider, ImageRequest, Picture, ProviderError};
use sleuths::scheduler::Backoff;
use sleuths::store::{SharedStore, SqliteStore};
use tempfile::TempDir;

/// A child process that is killed (and reaped) when it drops, so a failed assertion leaves nothing
/// running. Derefs to the `Child`.
pub struct KillOnDrop(pub std::process::Child);

impl std::ops::Deref for KillOnDrop {
    type Target = std::process::Child;
    fn deref(&self) -> &Self::Target {
        &self.0
    }
}

impl std::ops::DerefMut for KillOnDrop {
    fn deref_mut(&mut self) -> &mut Self::Target {
        &mut self.0
    }
}

impl Drop for KillOnDrop {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `Command::spawn` behind a `KillOnDrop`.
pub trait SpawnGuarded {
    fn spawn_guarded(&mut self) -> KillOnDrop;
}

impl SpawnGuarded for std::process::Command {
    fn spawn_guarded(&mut self) -> KillOnDrop {
        KillOnDrop(self.spawn().expect("the process starts"))
    }
}

/// 2026-11-28T00:00:00Z
pub const MIDNIGHT: i64 = 1_795_824_000_000;
pub const DAY: i64 = 86_400_000;
pub const HOUR: i64 = 3_600_000;

/// A provider that paints a small flat picture per slot, counts its calls, and fails where told.
#[derive(Default)]
pub struct FakeProvider {
    pub calls: AtomicUsize,
    pub latency: Duration,
    /// Every call for this slot returns this error.
    pub failures: Mutex<HashMap<Slot, ProviderError>>,
    /// Calls for a slot fail with a retryable error this many times, then succeed.
    pub flaky: Mutex<HashMap<Slot, usize>>,
    /// Calls for a slot are throttled (429 naming a 1 ms delay) this many times, then succeed.
    pub throttled: Mutex<HashMap<Slot, usize>>,
    /// Calls wait here until this many are waiting, so they all finish at once.
    pub gate: Option<Arc<tokio::sync::Barrier>>,
    /// Each call takes one permit before it answers, so a test lets pictures through a few at a time.
    pub permits: Option<Arc<tokio::sync::Semaphore>>,
    /// Micro-dollars a call that answers is billed (and the estimate reserved before it); 0: free.
    pub price: i64,
    /// When each call started.
    pub started: Mutex<Vec<std::time::Instant>>,
    /// Calls for a slot are refused (an `IMAGE_SAFETY` finish) this many times, then answered.
    pub refusals: Mutex<HashMap<Slot, usize>>,
    /// Every call's slot and prompt, in order.
    pub prompts: Mutex<Vec<(Slot, String)>>,
}

impl FakeProvider {
    pub fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub fn fail(self, slot: Slot, error: ProviderError) -> Self {
        self.failures.lock().unwrap().insert(slot, error);
        self
    }
}

#[async_trait]
impl ImageProvider for FakeProvider {
    fn name(&self) -> &'static str {
        "fake"
    }

    fn estimate(&self, _kind: sleuths::domain::SlotKind) -> i64 {
        self.price
    }

    /// Billed at `price` when it answers with a picture or a refusal (an error before an answer is free).
    async fn generate(&self, request: &ImageRequest) -> Call {
        let result = self.answer(request).await;
        let billed = self.price > 0
            && !matches!(
                result,
                Err(ProviderError::Retryable { .. } | ProviderError::Throttled { .. })
            );
        Call {
            result,
            bill: billed.then(|| Bill {
                model: "fake-model".into(),
                usage: None,
                micros: self.price,
            }),
        }
    }
}

impl FakeProvider {
    async fn answer(&self, request: &ImageRequest) -> Result<Picture, ProviderError> {
        self.calls.fetch_add(1, Ordering::SeqCst);
        self.started.lock().unwrap().push(std::time::Instant::now());
        self.prompts
            .lock()
            .unwrap()
            .push((request.slot, request.prompt.clone()));
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
        if let Some(gate) = &self.gate {
            gate.wait().await;
        }
        if let Some(permits) = &self.permits {
            permits.acquire().await.expect("the permits stay open").forget();
        }
        if let Some(e) = self.failures.lock().unwrap().get(&request.slot) {
            return Err(e.clone());
        }
        if let Some(left) = self.refusals.lock().unwrap().get_mut(&request.slot)
            && *left > 0
        {
            *left -= 1;
            return Err(ProviderError::Refused(
                "the model finished with IMAGE_SAFETY and no picture".into(),
            ));
        }
        if let Some(left) = self.flaky.lock().unwrap().get_mut(&request.slot)
            && *left > 0
        {
            *left -= 1;
            return Err(ProviderError::Retryable {
                message: "503 Service Unavailable".into(),
                retry_after: None,
            });
        }
        if let Some(left) = self.throttled.lock().unwrap().get_mut(&request.slot)
            && *left > 0
        {
            *left -= 1;
            return Err(ProviderError::Throttled {
                message: "429 RESOURCE_EXHAUSTED".into(),
                retry_after: Some(Duration::from_millis(1)),
            });
        }
        let shade = (request.slot.index as u8).wrapping_mul(16);
        let kind = request.slot.kind as u8 * 80;
        Ok(Picture::Pixels(image::RgbImage::from_pixel(
            64,
            48,
            image::Rgb([kind, shade, 128]),
        )))
    }
}

pub struct TestEnv {
    pub backend: Backend,
    pub dir: TempDir,
    pub app: App,
    pub provider: Arc<FakeProvider>,
    pub clock: SharedClock,
    pub store: SharedStore,
}

/// The configuration tests start from: a temp data dir and fast slot retries.
pub fn test_config(dir: &TempDir) -> Config {
    let mut c = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    c.pipeline.slot_backoff = Backoff::new(Duration::from_millis(1), Duration::from_millis(5));
    c
}

/// Which store a test runs on: the conformance suite runs every test on both.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    /// The machine's Redis (`SLEUTHS_TEST_REDIS`, default `redis://127.0.0.1:6379`), under a key prefix of
    /// its own.
    Redis(String),
    /// The machine's 3-master Redis Cluster (`SLEUTHS_TEST_REDIS_CLUSTER`, default ports 7000-7002, started
    /// by scripts/test), under a key prefix (and so a hash slot) of its own.
    RedisCluster(String),
}

impl Backend {
    pub fn redis() -> Backend {
        Backend::Redis(format!("test:{}:", &sleuths::ids::token()[..12]))
    }

    pub fn redis_cluster() -> Backend {
        Backend::RedisCluster(format!("test:{}:", &sleuths::ids::token()[..12]))
    }
}

pub fn redis_url() -> String {
    std::env::var("SLEUTHS_TEST_REDIS").unwrap_or_else(|_| "redis://127.0.0.1:6379".into())
}

pub fn redis_cluster_url() -> String {
    std::env::var("SLEUTHS_TEST_REDIS_CLUSTER")
        .unwrap_or_else(|_| "redis+cluster://127.0.0.1:7000,127.0.0.1:7001,127.0.0.1:7002".into())
}

const STATUS_TTL: Duration = Duration::from_secs(7 * 24 * 3600);

pub fn open_store(dir: &TempDir, clock: SharedClock) -> SharedStore {
    Arc::new(SqliteStore::open(&dir.path().join("sleuths.db"), clock, STATUS_TTL).unwrap())
}

/// Opens the backend's store (for Redis, a new connection under the same prefix: another process, in effect).
pub async fn open_backend(backend: &Backend, dir: &TempDir, clock: SharedClock) -> SharedStore {
    match backend {
        Backend::Sqlite => open_store(dir, clock),
        Backend::Redis(prefix) => Arc::new(
            sleuths::store::RedisStore::connect(&redis_url(), prefix, clock, STATUS_TTL)
                .await
                .expect("a Redis at SLEUTHS_TEST_REDIS or 127.0.0.1:6379 (Debian package redis-server; scripts/test starts one)"),
        ),
        Backend::RedisCluster(prefix) => Arc::new(
            sleuths::store::RedisStore::connect(&redis_cluster_url(), prefix, clock, STATUS_TTL)
                .await
                .expect("a Redis Cluster at SLEUTHS_TEST_REDIS_CLUSTER or 127.0.0.1:7000-7002 (scripts/test starts one)"),
        ),
    }
}

/// Defines each named `async fn name(backend: Backend)` as a test on SQLite, on Redis and on a Redis
/// Cluster.
#[macro_export]
macro_rules! conformance {
    ($($name:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name($crate::common::Backend::Sqlite).await
                }
            )*
        }
        mod redis {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name($crate::common::Backend::redis()).await
                }
            )*
        }
        mod redis_cluster {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 4)]
                async fn $name() {
                    super::$name($crate::common::Backend::redis_cluster()).await
                }
            )*
        }
    };
}

/// An app over a fresh SQLite file, with `provider`, and the clock given (or the system clock).
pub async fn env_with(
    provider: FakeProvider,
    clock: Option<Arc<ManualClock>>,
    tweak: impl FnOnce(&mut Config),
) -> TestEnv {
    env_on(Backend::Sqlite, provider, clock, tweak).await
}

/// An app over a fresh store of the given backend.
pub async fn env_on(
    backend: Backend,
    provider: FakeProvider,
    clock: Option<Arc<ManualClock>>,
    tweak: impl FnOnce(&mut Config),
) -> TestEnv {
    let dir = tempfile::tempdir().unwrap();
    let mut config = test_config(&dir);
    tweak(&mut config);
    let clock: SharedClock = match clock {
        Some(c) => c,
        None => Arc::new(SystemClock),
    };
    let store = open_backend(&backend, &dir, clock.clone()).await;
    let provider = Arc::new(provider);
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: store.clone(),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: provider.clone(),
            casegen: Arc::new(ProceduralCases),
            clock: clock.clone(),
        },
    )
    .unwrap();
    TestEnv {
        backend,
        dir,
        app,
        provider,
        clock,
        store,
    }
}

pub async fn env() -> TestEnv {
    env_with(FakeProvider::default(), None, |_| {}).await
}

impl TestEnv {
    /// Runs queued jobs in this process until none is due.
    pub async fn drain(&self) -> usize {
        drain(&self.app).await
    }
}

/// Runs a worker loop in this process (leases, heartbeats, reruns at their time) until every case's status
/// record is final, or `within` passes.
pub async fn paint_to_the_end(app: &App, case_ids: &[String], within: Duration) {
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let deadline = tokio::time::Instant::now() + within;
    for id in case_ids {
        loop {
            let s = app.status(id).await.unwrap().unwrap();
            if s.status.is_final() {
                break;
            }
            assert!(
                tokio::time::Instant::now() < deadline,
                "case {id} not finished within {within:?}: {s:?}"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }
    stop.cancel();
    handle.await.unwrap().unwrap();
}

/// Runs an app's queued jobs in this process until none is due.
pub async fn drain(app: &App) -> usize {
    let worker = app.worker(false);
    let mut n = 0;
    while worker.run_one().await.unwrap().is_some() {
        n += 1;
    }
    n
}

/// Serves the test app over real HTTP on a free loopback port, with a worker, until the token fires.
pub async fn serve_in_process(env: &TestEnv, token: &str) -> (String, tokio_util::sync::CancellationToken) {
    serve_app(&env.app, token).await
}

/// Waits until `check` holds, looking every 10 ms; fails the test past `within`.
pub async fn wait_until<F, Fut>(within: Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + within;
    while !check().await {
        assert!(tokio::time::Instant::now() < deadline, "not so within {within:?}");
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// Serves `app` over real HTTP on a free loopback port, with a worker, until the token fires.
pub async fn serve_app(app: &App, token: &str) -> (String, tokio_util::sync::CancellationToken) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let stop = tokio_util::sync::CancellationToken::new();
    let state = sleuths::http::AppState::new(app.clone(), token);
    let s = stop.clone();
    tokio::spawn(async move {
        sleuths::http::serve(
            listener,
            state,
            async move { s.cancelled().await },
            Duration::from_secs(1),
        )
        .await
    });
    let worker = app.worker(false);
    let s = stop.clone();
    tokio::spawn(async move { worker.run(s).await });
    (base, stop)
}

/// The base URL a `sleuths serve` child prints on its first line of standard output (piped).
pub fn serve_url(child: &mut std::process::Child) -> String {
    use std::io::BufRead;
    let mut first = String::new();
    std::io::BufReader::new(child.stdout.take().expect("serve's stdout is piped"))
        .read_line(&mut first)
        .unwrap();
    first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .map(|addr| format!("http://{addr}"))
        .expect("serve prints its URL")
}
