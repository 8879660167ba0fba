//! Cancel-safety: futures dropped at any await point (a client hangs up, a `select!` loses) give back
//! what they took. Store calls dropped thousands of times at random points, then every call works and
//! SQLite's reading pool is whole; over real HTTP, a thousand requests reset by their clients and two
//! thousand event streams dropped, then every route answers. On SQLite, Redis and the cluster.

mod common;

use std::future::Future;
use std::pin::pin;
use std::sync::Arc;
use std::task::Poll;
use std::time::Duration;

use common::{Backend, FakeProvider};
use rand::Rng;
use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::domain::NewJob;
use sleuths::images::LocalImages;
use sleuths::store::rate::Rate;
use sleuths::store::{JobFilter, SharedStore, SqliteStore, StoreResult};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

const TOKEN: &str = "cancel-safety-token";

/// Polls `fut` at most `polls` times (yielding between polls, so blocking tasks and I/O move on), then
/// drops it: a drop at whatever await point it had reached.
async fn poll_then_drop<F: Future>(fut: F, polls: usize) -> Option<F::Output> {
    let mut fut = pin!(fut);
    for _ in 0..polls {
        if let Poll::Ready(out) = std::future::poll_fn(|cx| Poll::Ready(fut.as_mut().poll(cx))).await {
            return Some(out);
        }
        tokio::task::yield_now().await;
    }
    None
}

/// A store and an app over it; `sqlite` is the same store, seen as SQLite, when it is one.
struct Rig {
    _dir: tempfile::TempDir,
    app: App,
    store: SharedStore,
    sqlite: Option<Arc<SqliteStore>>,
}

async fn rig(backend: &Backend) -> Rig {
    let dir = tempfile::tempdir().unwrap();
    let clock: SharedClock = Arc::new(SystemClock);
    let (store, sqlite): (SharedStore, _) = match backend {
        Backend::Sqlite => {
            let s = Arc::new(
                SqliteStore::open(&dir.path().join("sleuths.db"), clock.clone(), Duration::from_secs(3600)).unwrap(),
            );
            (s.clone(), Some(s))
        }
        other => (common::open_backend(other, &dir, clock.clone()).await, None),
    };
    let config = common::test_config(&dir);
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: store.clone(),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: Arc::new(FakeProvider::default()),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .unwrap();
    Rig {
        _dir: dir,
        app,
        store,
        sqlite,
    }
}

fn new_job(n: usize) -> NewJob {
    NewJob {
        id: format!("job-drop-{n}-{}", &sleuths::ids::token()[..6]),
        name: "probe".into(),
        data: serde_json::json!({}),
        run_at: 0,
        key: None,
        max_attempts: 3,
        schedule_id: None,
        occurrence: None,
        origin: sleuths::domain::history::Origin::Cli,
        traceparent: None,
    }
}

/// One of the store's calls, chosen by `which`: reads, writes, the queue, the rate limit, the ledger.
async fn store_call(store: &SharedStore, case_id: &str, which: usize, n: usize) -> StoreResult<()> {
    let retitle = move |r: &mut sleuths::store::CaseRecords| {
        if let Some(case) = r.case.as_mut() {
            case.title = format!("Retitled {n}");
        }
        Ok(())
    };
    match which % 12 {
        0 => store.get_case(case_id).await.map(drop),
        1 => store.get_status(case_id).await.map(drop),
        2 => store.list_case_ids(10).await.map(drop),
        3 => store.latest_case().await.map(drop),
        4 => store.modify(case_id, &retitle).await.map(drop),
        5 => store.enqueue(new_job(n), None).await.map(drop),
        6 => store
            .claim("dropper", &["probe"], Duration::from_secs(30))
            .await
            .map(drop),
        7 => store.list_jobs(&JobFilter::default()).await.map(drop),
        8 => store
            .rate_limit(
                "provider:drops",
                Rate {
                    per_minute: 60_000,
                    burst: 1_000,
                },
            )
            .await
            .map(drop),
        9 => store.job_counts().await.map(drop),
        10 => store.get_job("job-none").await.map(drop),
        _ => store.spend("2026-01-01", "2026-12-31").await.map(drop),
    }
}

async fn store_calls_dropped_at_random_await_points_leak_nothing(backend: Backend) {
    let r = rig(&backend).await;
    let case_id = r.app.create_case(None).await.unwrap().case.id;
    let mut rng = rand::rng();
    let mut dropped = 0;
    for n in 0..3_000 {
        let which = rng.random_range(0..12);
        // Mostly a few polls (the await points inside), sometimes a timeout of a few microseconds.
        if rng.random_bool(0.8) {
            let polls = rng.random_range(0..6);
            if poll_then_drop(store_call(&r.store, &case_id, which, n), polls)
                .await
                .is_none()
            {
                dropped += 1;
            }
        } else {
            let within = Duration::from_micros(rng.random_range(1..200));
            if tokio::time::timeout(within, store_call(&r.store, &case_id, which, n))
                .await
                .is_err()
            {
                dropped += 1;
            }
        }
    }
    assert!(
        dropped > 300,
        "calls should have been dropped mid-way, only {dropped} were"
    );

    if let Some(sqlite) = &r.sqlite {
        // Blocking tasks started by dropped calls still finish; once they have, the pool is whole.
        let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
        while !sqlite.readers_all_idle() {
            assert!(tokio::time::Instant::now() < deadline, "reading connections were lost");
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }
    // Every call works, many at once (more than there are reading connections).
    let all = (0..120).map(|n| {
        let store = r.store.clone();
        let case_id = case_id.clone();
        async move { (n % 12, store_call(&store, &case_id, n, 100_000 + n).await) }
    });
    let results = tokio::time::timeout(Duration::from_secs(30), futures_util::future::join_all(all))
        .await
        .expect("store calls answer after the drops");
    for (which, result) in results {
        result.unwrap_or_else(|e| panic!("store call {which} failed after the drops: {e}"));
    }
    let case = r
        .store
        .get_case(&case_id)
        .await
        .unwrap()
        .expect("the case is still there");
    assert_eq!(case.id, case_id);
}

/// Sends a request and resets the connection (RST, not FIN) `after` later, not reading the answer.
async fn send_and_reset(addr: std::net::SocketAddr, request: String, after: Duration) {
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return;
    };
    let _ = stream.set_zero_linger();
    let _ = stream.write_all(request.as_bytes()).await;
    tokio::time::sleep(after).await;
    drop(stream);
}

/// Opens an event stream, reads what arrives within `after` (its headers, maybe a first event) and drops it.
async fn open_and_drop_stream(addr: std::net::SocketAddr, case_id: &str, after: Duration) {
    let Ok(mut stream) = tokio::net::TcpStream::connect(addr).await else {
        return;
    };
    let request =
        format!("GET /api/image-status/{case_id}/events HTTP/1.1\r\nHost: t\r\nAccept: text/event-stream\r\n\r\n");
    if stream.write_all(request.as_bytes()).await.is_err() {
        return;
    }
    let mut buf = [0u8; 1024];
    let _ = tokio::time::timeout(after, stream.read(&mut buf)).await;
    let _ = stream.set_zero_linger();
}

async fn clients_that_hang_up_never_wedge_the_server(backend: Backend) {
    let r = rig(&backend).await;
    let case_id = r.app.create_case(None).await.unwrap().case.id;
    let (base, stop) = common::serve_app(&r.app, TOKEN).await;
    let addr: std::net::SocketAddr = base.trim_start_matches("http://").parse().unwrap();
    let client = reqwest::Client::new();
    // Let the job paint, so the image routes have pictures to serve.
    common::wait_until(Duration::from_secs(30), || async {
        let s = r.store.get_status(&case_id).await.unwrap();
        s.is_some_and(|s| s.status.is_final())
    })
    .await;

    let reads = [
        "/api/case/today".to_owned(),
        format!("/api/case/{case_id}"),
        format!("/api/image-status/{case_id}"),
        "/readyz".to_owned(),
    ];
    // 20 rounds of 50 requests at once, each reset 0-3 ms after it was sent.
    for round in 0..20 {
        let mut tasks = Vec::new();
        for i in 0..50 {
            let path = &reads[(round + i) % reads.len()];
            let request = format!("GET {path} HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer {TOKEN}\r\n\r\n");
            let after = Duration::from_micros(rand::rng().random_range(0..3_000));
            tasks.push(tokio::spawn(send_and_reset(addr, request, after)));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }
    // 2,000 event streams opened and dropped, 200 at a time.
    for _ in 0..10 {
        let mut tasks = Vec::new();
        for _ in 0..200 {
            let case_id = case_id.clone();
            let after = Duration::from_micros(rand::rng().random_range(0..5_000));
            tasks.push(tokio::spawn(async move {
                open_and_drop_stream(addr, &case_id, after).await
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
    }

    let case = r.store.get_case(&case_id).await.unwrap().unwrap();
    let picture = case.locations[0].image_url.clone().expect("a painted picture");
    let routes = [
        ("/", false),
        ("/api/case/today", false),
        (&*format!("/api/case/{case_id}"), false),
        (&*format!("/api/image-status/{case_id}"), false),
        (&*picture, false),
        ("/healthz", false),
        ("/readyz", false),
        ("/metrics", false),
        ("/admin", false),
        ("/internal/jobs", true),
        ("/internal/spend", true),
    ];
    // Every route answers 200, again and again (a leaked pool would fail within a few reads).
    for _ in 0..5 {
        for (path, moderator) in routes {
            let mut req = client.get(format!("{base}{path}"));
            if moderator {
                req = req.bearer_auth(TOKEN);
            }
            let res = tokio::time::timeout(Duration::from_secs(10), req.send())
                .await
                .unwrap_or_else(|_| panic!("{path} did not answer"))
                .unwrap();
            assert_eq!(res.status(), 200, "{path}: {}", res.text().await.unwrap_or_default());
        }
    }
    // And an event stream still opens: its permit came back with the others.
    let res = client
        .get(format!("{base}/api/image-status/{case_id}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    drop(res);
    if let Some(sqlite) = &r.sqlite {
        common::wait_until(Duration::from_secs(10), || async { sqlite.readers_all_idle() }).await;
    }
    stop.cancel();
}

conformance!(
    store_calls_dropped_at_random_await_points_leak_nothing,
    clients_that_hang_up_never_wedge_the_server,
);
