//! Prometheus metrics: jobs by state, slots painted and failed, provider latency, HTTP requests.

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

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
pub struct StateLabels {
    pub state: String,
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
    pub jobs: Family<StateLabels, Gauge>,
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
        let jobs = Family::<StateLabels, Gauge>::default();
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
        registry.register("jobs", "Jobs by state", jobs.clone());
        Metrics {
            registry,
            http_requests,
            slots,
            provider_seconds,
            jobs,
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
