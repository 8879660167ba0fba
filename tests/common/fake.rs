//! The fake provider on a free port (real HTTP, on a thread of its own), and apps whose providers are
//! built from configuration (so the real HTTP clients talk to it).

use std::sync::{Arc, Mutex};

use serde_json::{Value, json};
use sleuths::app::{App, Parts};
use sleuths::clock::{ManualClock, SharedClock, SystemClock};
use sleuths::config::Config;
use sleuths::images::LocalImages;
use sleuths::store::SharedStore;
use tempfile::TempDir;

/// A running fake provider; stopped on drop.
pub struct FakeServer {
    pub base: String,
    _running: fake_provider::Running,
    http: reqwest::Client,
}

impl FakeServer {
    /// Starts a fake on a free port with these command-line flags.
    pub fn start(args: &[&str]) -> Self {
        let running = fake_provider::spawn(args).expect("the fake provider starts");
        FakeServer {
            base: running.base.clone(),
            _running: running,
            http: reqwest::Client::new(),
        }
    }

    async fn get(&self, path: &str) -> Value {
        let res = self.http.get(format!("{}{path}", self.base)).send().await.unwrap();
        res.json().await.unwrap()
    }

    /// `GET /_stats`.
    pub async fn stats(&self) -> Value {
        self.get("/_stats").await
    }

    /// Calls answered so far.
    pub async fn calls(&self) -> u64 {
        self.stats().await["calls"].as_u64().unwrap()
    }

    /// Calls answered by this fault.
    pub async fn count(&self, fault: &str) -> u64 {
        self.stats().await["faults"][fault].as_u64().unwrap_or(0)
    }

    /// `GET /_requests`: method, url, headers, body of the last requests, oldest first.
    pub async fn requests(&self) -> Vec<Value> {
        self.get("/_requests").await.as_array().unwrap().clone()
    }

    /// Queues faults for the next requests.
    pub async fn script(&self, faults: &[&str]) {
        self.control(json!({ "next": faults })).await;
    }

    /// `POST /_control`.
    pub async fn control(&self, body: Value) -> Value {
        let res = self
            .http
            .post(format!("{}/_control", self.base))
            .json(&body)
            .send()
            .await
            .unwrap();
        assert!(res.status().is_success());
        res.json().await.unwrap()
    }
}

/// An app over a fresh SQLite file whose providers come from the configuration, as `App::open` builds them.
pub struct RemoteEnv {
    pub dir: TempDir,
    pub app: App,
    pub clock: SharedClock,
    pub store: SharedStore,
}

pub fn remote_env(clock: Option<Arc<ManualClock>>, tweak: impl FnOnce(&mut Config)) -> RemoteEnv {
    let dir = tempfile::tempdir().unwrap();
    let clock: SharedClock = match clock {
        Some(c) => c,
        None => Arc::new(SystemClock),
    };
    let store = super::open_store(&dir, clock.clone());
    remote_env_over(dir, store, clock, tweak)
}

/// `remote_env` on the given store backend, with the system clock.
pub async fn remote_env_on(backend: &super::Backend, tweak: impl FnOnce(&mut Config)) -> RemoteEnv {
    let dir = tempfile::tempdir().unwrap();
    let clock: SharedClock = Arc::new(SystemClock);
    let store = super::open_backend(backend, &dir, clock.clone()).await;
    remote_env_over(dir, store, clock, tweak)
}

/// `remote_env` on the given store backend and clock.
pub async fn remote_env_at(backend: &super::Backend, clock: SharedClock, tweak: impl FnOnce(&mut Config)) -> RemoteEnv {
    let dir = tempfile::tempdir().unwrap();
    let store = super::open_backend(backend, &dir, clock.clone()).await;
    remote_env_over(dir, store, clock, tweak)
}

/// Another process, in effect, on the same store (a connection of its own) and data directory.
pub async fn another_remote_app(env: &RemoteEnv, backend: &super::Backend, tweak: impl FnOnce(&mut Config)) -> App {
    let mut config = super::test_config(&env.dir);
    tweak(&mut config);
    let store = super::open_backend(backend, &env.dir, env.clock.clone()).await;
    App::from_parts(
        config.clone(),
        Parts {
            store,
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: sleuths::app::wiring::image_provider(&config, env.clock.clone()).unwrap(),
            casegen: sleuths::app::wiring::case_writer(&config, env.clock.clone()).unwrap(),
            clock: env.clock.clone(),
        },
    )
    .unwrap()
}

fn remote_env_over(dir: TempDir, store: SharedStore, clock: SharedClock, tweak: impl FnOnce(&mut Config)) -> RemoteEnv {
    let mut config = super::test_config(&dir);
    tweak(&mut config);
    config.validate().unwrap();
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: store.clone(),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: sleuths::app::wiring::image_provider(&config, clock.clone()).unwrap(),
            casegen: sleuths::app::wiring::case_writer(&config, clock.clone()).unwrap(),
            clock: clock.clone(),
        },
    )
    .unwrap();
    RemoteEnv { dir, app, clock, store }
}

impl RemoteEnv {
    /// Runs queued jobs in this process until none is due.
    pub async fn drain(&self) -> usize {
        super::drain(&self.app).await
    }
}

/// Log lines captured for one test: `let _guard = logs.install();` on a current-thread runtime.
#[derive(Clone, Default)]
pub struct CapturedLogs(Arc<Mutex<Vec<u8>>>);

struct Sink(Arc<Mutex<Vec<u8>>>);

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl CapturedLogs {
    /// Every event at every level, as JSON lines (fields included), until the guard drops.
    pub fn install(&self) -> tracing::subscriber::DefaultGuard {
        let buf = self.0.clone();
        let subscriber = tracing_subscriber::fmt()
            .with_max_level(tracing::Level::TRACE)
            .json()
            .with_current_span(true)
            .with_span_list(true)
            .with_writer(move || Sink(buf.clone()))
            .finish();
        tracing::subscriber::set_default(subscriber)
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap()).into_owned()
    }
}

/// The Gemini provider against `fake`, with the test key and model.
pub const KEY: &str = "AIzaFAKE-test-key-0123456789";
pub const MODEL: &str = "gemini-test-image";

pub fn gemini(fake: &FakeServer, c: &mut sleuths::config::Config) {
    c.image_provider = sleuths::config::ImageProviderKind::Gemini;
    c.gemini.base_url = fake.base.clone();
    c.gemini.api_key = Some(sleuths::config::Secret::new(KEY));
    c.gemini.image_model = MODEL.into();
    c.gemini.timeout = std::time::Duration::from_secs(10);
}

pub fn date() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
}

pub async fn job(env: &RemoteEnv, id: &str) -> sleuths::domain::JobRecord {
    env.store.get_job(id).await.unwrap().unwrap()
}
