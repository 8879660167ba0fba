//! The one way a job gets into the queue: the scheduler's `run_job`, a cron occurrence, and the services
//! that queue a job with the records it keeps (a new case and its image job) all enqueue here.

use crate::clock::SharedClock;
use crate::domain::NewJob;
use crate::domain::history::Origin;
use crate::store::{Enqueued, JobRecords, SharedStore, StoreResult};

use super::Job;

/// Enqueues jobs into a store. Cheap to clone; jobs' environments hold one to queue follow-up work.
#[derive(Clone)]
pub struct Queue {
    store: SharedStore,
    clock: SharedClock,
}

impl Queue {
    pub fn new(store: SharedStore, clock: SharedClock) -> Self {
        Queue { store, clock }
    }

    /// The stored form of `job`, due now, under the job's own key, queued `by` someone. Its id is known
    /// before it is enqueued, so the records written with it can name it.
    pub fn job<J: Job>(&self, job: &J, by: Origin) -> NewJob {
        let now = self.clock.now_ms();
        NewJob {
            id: crate::ids::job_id(now),
            name: J::NAME.into(),
            data: serde_json::to_value(job).unwrap_or_default(),
            run_at: now,
            key: job.key(),
            max_attempts: J::MAX_ATTEMPTS,
            schedule_id: None,
            occurrence: None,
            origin: by,
            traceparent: crate::common::trace::for_new_job(),
        }
    }

    /// Adds a job; with a key held by a queued or running job, returns that one. When the job is created,
    /// `records` are written in the same atomic step.
    pub async fn enqueue(&self, job: NewJob, records: JobRecords<'_>) -> StoreResult<Enqueued> {
        self.store.enqueue(job, records).await
    }
}
