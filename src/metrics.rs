//! Prometheus metrics: jobs by state, slots painted and failed, provider latency, spend and budget, HTTP
//! requests.

use std::sync::atomic::AtomicU64;

use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::{Histogram, exponential_buckets};
use prometheus_client::registry::Registry;

use crate::domain::JobState;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct HttpLabels {
    pub method: String,
    pub route: String,
    pub status: u16,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SlotLabels {
    pub kind: String,
    pub outcome: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct ProviderLabels {
    pub provider: String,
    pub outcome: String,
}

/// A paid model: the provider and the model name from configuration (a fixed set per process).
#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SpendLabels {
    pub provider: String,
    pub model: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub state: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct SlotKindLabels {
    pub kind: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct TaskLabels {
    pub task: String,
}

/// 10 ms .. ~3 days: a slot can wait out a quota, a job a pause.
fn long_histogram() -> Histogram {
    Histogram::new(exponential_buckets(0.01, 4.0, 13))
}

fn provider_histogram() -> Histogram {
    // 10 ms .. ~80 s
    Histogram::new(exponential_buckets(0.01, 2.0, 14))
}

/// Every metric the process exports.
pub struct Metrics {
    registry: Registry,
    pub http_requests: Family<HttpLabels, Counter>,
    pub slots: Family<SlotLabels, Counter>,
    pub provider_seconds: Family<ProviderLabels, Histogram, fn() -> Histogram>,
    /// A slot's time from its first provider call to its stored picture (or final error), by kind.
    pub slot_seconds: Family<SlotKindLabels, Histogram, fn() -> Histogram>,
    /// A job's wait in the queue, from due to claimed, by task (a takeover is not a wait).
    pub queue_wait_seconds: Family<TaskLabels, Histogram, fn() -> Histogram>,
    pub jobs: Family<StateLabels, Gauge>,
    /// USD this process's paid calls cost (sum over processes for the total).
    pub spend_usd: Family<SpendLabels, Counter<f64, AtomicU64>>,
    /// Today's spend on the store, every process's, read at each scrape.
    pub spend_today_usd: Gauge<f64, AtomicU64>,
    /// The daily budget in force (-1: none).
    pub budget_usd: Gauge<f64, AtomicU64>,
    /// Writes answered with fewer Redis replica confirmations than `redis.replicas_ack` asks, since start.
    pub unconfirmed_writes: Gauge,
}

impl Default for Metrics {
    fn default() -> Self {
        Self::new()
    }
}

impl Metrics {
    pub fn new() -> Self {
        let mut registry = Registry::with_prefix("sleuths");
        let http_requests = Family::<HttpLabels, Counter>::default();
        let slots = Family::<SlotLabels, Counter>::default();
        let provider_seconds =
            Family::<ProviderLabels, Histogram, fn() -> Histogram>::new_with_constructor(provider_histogram);
        let slot_seconds = Family::<SlotKindLabels, Histogram, fn() -> Histogram>::new_with_constructor(long_histogram);
        let queue_wait_seconds =
            Family::<TaskLabels, Histogram, fn() -> Histogram>::new_with_constructor(long_histogram);
        let jobs = Family::<StateLabels, Gauge>::default();
        let spend_usd = Family::<SpendLabels, Counter<f64, AtomicU64>>::default();
        let spend_today_usd = Gauge::<f64, AtomicU64>::default();
        let budget_usd = Gauge::<f64, AtomicU64>::default();
        budget_usd.set(-1.0);
        let unconfirmed_writes = Gauge::default();
        registry.register(
            "http_requests",
            "HTTP requests by route and status",
            http_requests.clone(),
        );
        registry.register(
            "slots",
            "Image slots ended, by kind and outcome (painted, failed)",
            slots.clone(),
        );
        registry.register(
            "provider_request_seconds",
            "Image provider request latency",
            provider_seconds.clone(),
        );
        registry.register(
            "slot_seconds",
            "A slot's time from its first provider call to its stored picture or final error, by kind",
            slot_seconds.clone(),
        );
        registry.register(
            "queue_wait_seconds",
            "A job's wait in the queue from due to claimed, by task",
            queue_wait_seconds.clone(),
        );
        registry.register("jobs", "Jobs by state", jobs.clone());
        registry.register(
            "spend_usd",
            "USD spent on paid provider calls by this process, by provider and model",
            spend_usd.clone(),
        );
        registry.register(
            "spend_today_usd",
            "USD spent today (UTC) on paid provider calls, by every process on the store",
            spend_today_usd.clone(),
        );
        registry.register(
            "budget_daily_usd",
            "The daily spend budget in force, in USD (-1: none)",
            budget_usd.clone(),
        );
        registry.register(
            "redis_unconfirmed_writes",
            "Writes this process answered with fewer Redis replica confirmations than redis.replicas_ack asks, since it started",
            unconfirmed_writes.clone(),
        );
        Metrics {
            unconfirmed_writes,
            registry,
            http_requests,
            slots,
            provider_seconds,
            slot_seconds,
            queue_wait_seconds,
            jobs,
            spend_usd,
            spend_today_usd,
            budget_usd,
        }
    }

    /// Sets the jobs gauge from fresh counts (states with no jobs read 0).
    pub fn set_job_counts(&self, counts: &[(JobState, u64)]) {
        for state in [
            JobState::Queued,
            JobState::Running,
            JobState::Completed,
            JobState::Failed,
            JobState::Cancelled,
        ] {
            let n = counts.iter().find(|(s, _)| *s == state).map(|(_, n)| *n).unwrap_or(0);
            self.jobs
                .get_or_create(&StateLabels {
                    state: state.as_str().into(),
                })
                .set(n as i64);
        }
    }

    /// The Prometheus text exposition.
    pub fn render(&self) -> String {
        let mut out = String::new();
        if prometheus_client::encoding::text::encode(&mut out, &self.registry).is_err() {
            out.clear();
        }
        out
    }
}
