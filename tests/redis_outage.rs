//! A Redis outage is logged once each way: one WARN when the store stops answering (with the error), one
//! INFO when it answers again (with how long it was gone), however many commands failed in between.

mod common;

use std::sync::Arc;
use std::time::{Duration, Instant};

use common::fake::CapturedLogs;
use common::redis::OwnRedis;
use sleuths::clock::SystemClock;
use sleuths::store::{CaseStore, RedisStore};

/// A Redis of the test's own, a store on it that has answered once, and the logs from then on.
async fn watched(dir: &tempfile::TempDir) -> (OwnRedis, RedisStore, CapturedLogs, tracing::subscriber::DefaultGuard) {
    let redis = OwnRedis::start(dir.path());
    let store = RedisStore::connect(&redis.url(), "outage", Arc::new(SystemClock), Duration::from_secs(60))
        .await
        .unwrap();
    let logs = CapturedLogs::default();
    let guard = logs.install();
    store.get_case("case-1").await.unwrap();
    (redis, store, logs, guard)
}

#[tokio::test]
async fn a_redis_outage_logs_one_warning_when_it_starts_and_one_line_when_it_ends() {
    let dir = tempfile::tempdir().unwrap();
    let (mut redis, store, logs, _guard) = watched(&dir).await;

    redis.down();
    // Commands fail (or wait for the reconnection, and are dropped here) while Redis is down.
    let mut failures = 0;
    for _ in 0..4 {
        match tokio::time::timeout(Duration::from_secs(2), store.get_case("case-1")).await {
            Ok(Err(_)) => failures += 1,
            Ok(Ok(_)) => panic!("Redis is down"),
            Err(_) => {}
        }
    }
    assert!(failures >= 1, "a command fails while Redis is down");
    redis.up();
    let deadline = Instant::now() + Duration::from_secs(30);
    while store.get_case("case-1").await.is_err() {
        assert!(Instant::now() < deadline, "the store did not come back");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    for _ in 0..3 {
        store.get_case("case-1").await.unwrap();
    }

    let text = logs.text();
    let lines: Vec<&str> = text.lines().collect();
    let warns: Vec<&&str> = lines.iter().filter(|l| l.contains("Redis stopped answering")).collect();
    let backs: Vec<&&str> = lines.iter().filter(|l| l.contains("Redis answers again")).collect();
    assert_eq!(warns.len(), 1, "one WARN for the outage:\n{text}");
    assert!(
        warns[0].contains("\"level\":\"WARN\"") && warns[0].contains("\"error\""),
        "{}",
        warns[0]
    );
    assert_eq!(backs.len(), 1, "one INFO when it is back:\n{text}");
    assert!(
        backs[0].contains("\"level\":\"INFO\"") && backs[0].contains("down_ms"),
        "{}",
        backs[0]
    );
}

/// A process with no command in flight when Redis goes (an idle worker): its next command waits for the
/// reconnection with no error to report, and the outage is still logged once each way.
#[tokio::test]
async fn an_outage_that_makes_commands_wait_is_logged_too() {
    let dir = tempfile::tempdir().unwrap();
    let (mut redis, store, logs, _guard) = watched(&dir).await;
    redis.down();
    tokio::time::sleep(Duration::from_millis(500)).await;
    let waiting = tokio::spawn({
        let store = store.clone();
        async move { store.get_case("case-1").await }
    });
    let deadline = Instant::now() + Duration::from_secs(15);
    while !logs.text().contains("Redis stopped answering") {
        assert!(
            Instant::now() < deadline,
            "no WARN while a command waits for Redis:\n{}",
            logs.text()
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    redis.up();
    let answer = tokio::time::timeout(Duration::from_secs(30), waiting).await;
    assert!(
        matches!(answer, Ok(Ok(Ok(None)))),
        "the waiting command is answered once Redis is back: {answer:?}"
    );
    store.get_case("case-1").await.unwrap();
    let text = logs.text();
    assert_eq!(text.matches("Redis stopped answering").count(), 1, "{text}");
    assert_eq!(text.matches("Redis answers again").count(), 1, "{text}");
}
