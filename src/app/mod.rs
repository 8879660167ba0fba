//! Wiring: builds the store, providers, pipeline and scheduler from the configuration, and the front
//! door the edges call (`use_cases.rs`).

mod use_cases;

use std::sync::Arc;

use anyhow::Context;

use crate::casegen::CaseGenerator;
use crate::clock::{SharedClock, SystemClock};
use crate::config::{Config, StoreLocation};
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::pipeline::{Pipeline, register_jobs};
use crate::providers::ImageProvider;
use crate::providers::journal::{CallLog, Latency};
use crate::scheduler::{Scheduler, Worker};
use crate::store::{RedisStore, SharedStore, SqliteStore};

/// A running system: its parts, private, behind the use cases the edges call (`use_cases.rs`). Cheap to
/// clone.
#[derive(Clone)]
pub struct App {
    config: Arc<Config>,
    store: SharedStore,
    images: Arc<dyn ImageStore>,
    clock: SharedClock,
    metrics: Arc<Metrics>,
    /// Creating cases and painting their pictures.
    pipeline: Arc<Pipeline>,
    scheduler: Scheduler,
}

/// What `open` sets up from the configuration before it touches the disk.
struct Providers {
    provider: Arc<dyn ImageProvider>,
    casegen: Arc<dyn CaseGenerator>,
    images: Arc<dyn ImageStore>,
}

/// The parts that differ between production and tests.
pub struct Parts {
    pub store: SharedStore,
    pub images: Arc<dyn ImageStore>,
    pub provider: Arc<dyn ImageProvider>,
    pub casegen: Arc<dyn CaseGenerator>,
    pub clock: SharedClock,
}

impl App {
    /// Opens the configured store (the embedded SQLite file by default, or Redis), the images directory
    /// and the providers.
    pub async fn open(config: Config) -> anyhow::Result<Self> {
        config.validate()?;
        let clock: SharedClock = Arc::new(SystemClock);
        // Everything that can be refused without touching the disk is set up first: a configuration
        // `serve` refuses leaves no data directory behind.
        let Providers {
            provider,
            casegen,
            images,
        } = Self::providers(&config, clock.clone())?;
        std::fs::create_dir_all(&config.data_dir)
            .with_context(|| format!("Failed to create the data directory {}", config.data_dir.display()))?;
        let store: SharedStore = match &config.store {
            StoreLocation::Sqlite => Arc::new(
                SqliteStore::open(&config.db_path(), clock.clone(), config.status_ttl)
                    .with_context(|| format!("Failed to open the database {}", config.db_path().display()))?,
            ),
            StoreLocation::Redis { url } => Arc::new(
                RedisStore::connect(url, &config.redis_prefix, clock.clone(), config.status_ttl)
                    .await
                    .with_context(|| format!("Failed to connect to {}", config.store.redacted()))?,
            ),
        };
        let parts = Parts {
            store,
            images,
            provider,
            casegen,
            clock,
        };
        Self::from_parts(config, parts)
    }

    /// Checks that the configured providers and image store can be set up, as `open` does, without
    /// opening the store or making a request (`sleuths config`).
    pub fn check_providers(config: &Config) -> anyhow::Result<()> {
        Self::providers(config, Arc::new(SystemClock)).map(|_| ())
    }

    /// The image provider (with the configured latency and call log around it), the case writer and the
    /// image store.
    fn providers(config: &Config, clock: SharedClock) -> anyhow::Result<Providers> {
        let mut provider =
            crate::providers::from_config(config, clock.clone()).context("Failed to set up the image provider")?;
        if !config.image_latency.is_zero() {
            provider = Arc::new(Latency {
                inner: provider,
                delay: config.image_latency,
            });
        }
        if let Some(path) = &config.image_call_log {
            provider = Arc::new(CallLog {
                inner: provider,
                path: path.clone(),
            });
        }
        let casegen = crate::casegen::from_config(config, clock).context("Failed to set up the case provider")?;
        let images = crate::images::from_config(config).context("Failed to set up the image store")?;
        Ok(Providers {
            provider,
            casegen,
            images,
        })
    }

    /// Assembles an app from explicit parts (tests bring their own provider, clock or store).
    pub fn from_parts(config: Config, parts: Parts) -> anyhow::Result<Self> {
        let metrics = Arc::new(Metrics::new());
        let pipeline = Arc::new(Pipeline {
            store: parts.store.clone(),
            images: parts.images.clone(),
            provider: parts.provider,
            casegen: parts.casegen,
            clock: parts.clock.clone(),
            config: config.pipeline.clone(),
            counts: config.case,
            metrics: metrics.clone(),
            daily_budget: config.budget.daily_usd.map(crate::domain::spend::micros),
            daily: config.daily.clone(),
        });
        let registry = register_jobs(pipeline.clone(), &config.scheduler.tasks).map_err(anyhow::Error::msg)?;
        let scheduler = Scheduler::new(
            parts.store.clone(),
            Arc::new(registry),
            parts.clock.clone(),
            config.scheduler.clone(),
        );
        Ok(App {
            config: Arc::new(config),
            store: parts.store,
            images: parts.images,
            clock: parts.clock,
            metrics,
            pipeline,
            scheduler,
        })
    }

    /// A worker configured from the settings; with `cron`, it also fires the recurring tasks.
    pub fn worker(&self, cron: bool) -> Worker {
        Worker::new(self.scheduler.clone(), cron)
    }
}
