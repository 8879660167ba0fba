//! Cancel means stop: a cancel reaches the worker painting the job within a second, whichever process
//! made it; from then on no provider call starts, the calls in flight are abandoned, and nothing they
//! return is stored or recorded. With a 2 s model, on SQLite, Redis and the cluster.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{Backend, FakeProvider};
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::images::LocalImages;
use sleuths::store::SharedStore;

const LATENCY: Duration = Duration::from_secs(2);
/// A paid model, so the ledger shows which calls were recorded.
const PRICE: i64 = 40_000;

fn app_over(store: SharedStore, dir: &tempfile::TempDir, provider: Arc<FakeProvider>) -> App {
    let mut config = common::test_config(dir);
    config.pipeline.concurrency = 4;
    App::from_parts(
        config.clone(),
        Parts {
            store,
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider,
            casegen: Arc::new(ProceduralCases),
            clock: Arc::new(SystemClock),
        },
    )
    .unwrap()
}

fn files_in(dir: &std::path::Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

/// Paints a case in one app (the worker's process) and cancels it from `canceller`: the same app, or an
/// app over another connection to the store (another process, in effect).
async fn a_cancel_stops_the_painting_worker_within_a_second(backend: Backend, from_another_process: bool) {
    let dir = tempfile::tempdir().unwrap();
    let clock: SharedClock = Arc::new(SystemClock);
    let provider = Arc::new(FakeProvider {
        latency: LATENCY,
        price: PRICE,
        ..FakeProvider::default()
    });
    let worker_store = common::open_backend(&backend, &dir, clock.clone()).await;
    let worker_app = app_over(worker_store.clone(), &dir, provider.clone());
    let canceller = if from_another_process {
        app_over(
            common::open_backend(&backend, &dir, clock.clone()).await,
            &dir,
            Arc::new(FakeProvider::default()),
        )
    } else {
        worker_app.clone()
    };

    let created = worker_app.create_case(None).await.unwrap();
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = worker_app.worker(false);
    let s = stop.clone();
    let running = tokio::spawn(async move { worker.run(s).await });

    // Let the first round of calls finish and a second start, so pictures exist and calls are in flight.
    common::wait_until(Duration::from_secs(20), || async { provider.calls() >= 6 }).await;
    let images_dir = dir.path().join("images").join(&created.case.id);
    canceller.cancel_job(&created.job_id).await.unwrap();
    let cancelled_at = Instant::now();
    let files_at_cancel = files_in(&images_dir);
    let calls_at_cancel = provider.calls();

    // Watch past the end of every call that could have been in flight.
    tokio::time::sleep(LATENCY + Duration::from_secs(1)).await;
    let late: Vec<Duration> = provider
        .started
        .lock()
        .unwrap()
        .iter()
        .filter(|at| **at > cancelled_at)
        .map(|at| at.duration_since(cancelled_at))
        .collect();
    assert!(
        late.iter().all(|after| *after < Duration::from_secs(1)),
        "calls started after the cancel: {late:?}"
    );
    assert_eq!(
        files_in(&images_dir),
        files_at_cancel,
        "no picture is stored after the cancel"
    );

    let status = worker_app.status(&created.case.id).await.unwrap().unwrap();
    assert!(status.cancelled, "{status:?}");
    let painted = status.progress.current;
    // The ledger has the calls whose pictures were recorded, and those that ended with a picture just
    // before the cancel but whose record came after it (paid for, so charged; not shown as painted);
    // none of those abandoned in flight.
    let day = sleuths::domain::spend::day_of(clock.now_ms());
    let charges = worker_store.charges(&day).await.unwrap();
    assert!(charges.len() >= painted, "{painted} painted: {charges:?}");
    for charge in &charges {
        let file = format!("{}.jpg", charge.slot.as_deref().unwrap());
        assert!(
            files_at_cancel.contains(&file),
            "a charge for a picture not stored before the cancel: {charge:?} ({files_at_cancel:?})"
        );
    }
    assert!(
        charges.len() < calls_at_cancel + late.len(),
        "the calls in flight were abandoned, not recorded"
    );
    stop.cancel();
    running.await.unwrap().unwrap();
}

async fn a_cancel_from_another_process_stops_the_worker_within_a_second(backend: Backend) {
    a_cancel_stops_the_painting_worker_within_a_second(backend, true).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_cancel_in_the_worker_s_own_process_stops_it_at_once() {
    a_cancel_stops_the_painting_worker_within_a_second(Backend::Sqlite, false).await
}

conformance!(a_cancel_from_another_process_stops_the_worker_within_a_second);
