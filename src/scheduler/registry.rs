//! The tasks this system knows, by name: each with its job type and, for recurring tasks, a cron.

use std::collections::BTreeMap;
use std::sync::Arc;

use super::job::{Erased, ErasedJob, Job};

/// A registered task.
#[derive(Clone)]
pub struct Task {
    pub name: &'static str,
    pub job: Arc<dyn ErasedJob>,
    /// The cron expression that runs it, for recurring tasks declared in configuration.
    pub cron: Option<String>,
}

/// Every task by name. Built once at start-up (see `pipeline::register_jobs`).
#[derive(Clone, Default)]
pub struct Registry {
    tasks: BTreeMap<&'static str, Task>,
}

impl Registry {
    pub fn new() -> Self {
        Self::default()
    }

    /// Registers a job type with the environment its runs receive; `cron` makes it a recurring task.
    pub fn register<J: Job>(&mut self, env: J::Env, cron: Option<String>) -> &mut Self {
        self.tasks.insert(
            J::NAME,
            Task {
                name: J::NAME,
                job: Arc::new(Erased::<J> {
                    env,
                    job: std::marker::PhantomData,
                }),
                cron,
            },
        );
        self
    }

    pub fn get(&self, name: &str) -> Option<&Task> {
        self.tasks.get(name)
    }

    pub fn names(&self) -> Vec<&'static str> {
        self.tasks.keys().copied().collect()
    }

    pub fn tasks(&self) -> impl Iterator<Item = &Task> {
        self.tasks.values()
    }
}
