//! The scheduler's and the workers' settings (`[scheduler]` in the configuration file), with their
//! defaults: the one place they are written.

use std::collections::BTreeMap;
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::common::{Backoff, duration};

/// The scheduler and worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Settings {
    /// Jobs one worker process runs at once.
    pub concurrency: usize,
    #[serde(with = "duration")]
    pub lease: Duration,
    #[serde(with = "duration")]
    pub poll: Duration,
    /// A missed cron occurrence still runs once when the scheduler starts within this window.
    #[serde(with = "duration")]
    pub cron_grace: Duration,
    /// Backoff between attempts of a failed job.
    pub job_backoff: Backoff,
    /// Finished jobs are kept this long.
    #[serde(with = "duration")]
    pub retention: Duration,
    /// On SIGTERM, how long running jobs get to finish their in-flight slots.
    #[serde(with = "duration")]
    pub shutdown_grace: Duration,
    /// Tasks by name, as Devvit's `scheduler.tasks`: a cron makes a task recurring.
    pub tasks: BTreeMap<String, TaskConfig>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TaskConfig {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
}

impl Default for Settings {
    fn default() -> Self {
        let mut tasks = BTreeMap::new();
        tasks.insert("generate-case-images".into(), TaskConfig { cron: None });
        tasks.insert(
            "daily-case-generation".into(),
            TaskConfig {
                cron: Some("0 0 * * *".into()),
            },
        );
        Settings {
            concurrency: 2,
            lease: Duration::from_secs(30),
            poll: Duration::from_secs(1),
            cron_grace: Duration::from_secs(24 * 3600),
            job_backoff: Backoff::new(Duration::from_secs(5), Duration::from_secs(600)),
            retention: Duration::from_secs(7 * 24 * 3600),
            shutdown_grace: Duration::from_secs(20),
            tasks,
        }
    }
}
