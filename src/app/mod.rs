//! The application: its parts assembled (`wiring.rs` builds them from the configuration), behind the
//! front door the edges call (`use_cases.rs`).

mod use_cases;
pub mod wiring;

use std::sync::Arc;

use crate::casegen::CaseGenerator;
use crate::clock::{SharedClock, SystemClock};
use crate::config::Config;
use crate::domain::history::Origin;
use crate::images::ImageStore;
use crate::metrics::Metrics;
use crate::pipeline::{Environment, register_jobs};
use crate::providers::ImageProvider;
use crate::scheduler::{Scheduler, Worker};
use crate::store::SharedStore;

/// A running system: its parts, private, behind the use cases the edges call (`use_cases.rs`). Cheap to
/// clone.
#[derive(Clone)]
pub struct App {
    config: Arc<Config>,
    store: SharedStore,
    images: Arc<dyn ImageStore>,
    clock: SharedClock,
    metrics: Arc<Metrics>,
    /// What the jobs run with; also serves the use cases the front door shares with them.
    env: Arc<Environment>,
    scheduler: Scheduler,
    /// Who the use cases act for: named in the history of the jobs they queue or cancel.
    origin: Origin,
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
        let parts = wiring::parts(&config).await?;
        Self::from_parts(config, parts)
    }

    /// Checks that the configured providers and image store can be set up, as `open` does, without
    /// opening the store or making a request (`sleuths config`).
    pub fn check_providers(config: &Config) -> anyhow::Result<()> {
        let clock: SharedClock = Arc::new(SystemClock);
        wiring::providers(config, clock.clone())?;
        wiring::fallbacks(config, clock).map(|_| ())
    }

    /// Assembles an app from explicit parts (tests bring their own provider, clock or store).
    pub fn from_parts(config: Config, parts: Parts) -> anyhow::Result<Self> {
        let metrics = Arc::new(Metrics::new());
        let queue = crate::scheduler::Queue::new(parts.store.clone(), parts.clock.clone());
        let fallbacks = wiring::fallbacks(&config, parts.clock.clone())?;
        let env = Arc::new(Environment {
            fallbacks,
            store: parts.store.clone(),
            queue,
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
        let registry = register_jobs(env.clone(), &config.scheduler.tasks).map_err(anyhow::Error::msg)?;
        let mut scheduler = Scheduler::new(
            parts.store.clone(),
            Arc::new(registry),
            parts.clock.clone(),
            config.scheduler.clone(),
        );
        scheduler.queue_wait = Some(metrics.queue_wait_seconds.clone());
        Ok(App {
            config: Arc::new(config),
            store: parts.store,
            images: parts.images,
            clock: parts.clock,
            metrics,
            env,
            scheduler,
            origin: Origin::Api,
        })
    }

    /// This app acting for `origin` (a moderator, the command line): the jobs it queues or cancels say so
    /// in their history.
    pub fn by(&self, origin: Origin) -> App {
        App { origin, ..self.clone() }
    }

    /// A worker configured from the settings; with `cron`, it also fires the recurring tasks.
    pub fn worker(&self, cron: bool) -> Worker {
        Worker::new(self.scheduler.clone(), cron)
    }
}
