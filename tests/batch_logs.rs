//! Waiting on a batch is the plan going as planned: its polls log at INFO, with no WARN line. (A test
//! binary of its own: logs are captured per thread, and tests running beside it in one process can leave
//! tracing's callsites disabled for the capture.)

mod common;

use std::time::Duration;

use common::fake::{CapturedLogs, FakeServer, gemini, remote_env};
use common::{DAY, HOUR, MIDNIGHT};
use sleuths::clock::ManualClock;

#[tokio::test]
async fn a_batch_still_running_is_logged_at_info_not_warn() {
    let fake = FakeServer::start(&["--batch-polls", "3"]);
    let clock = ManualClock::new(MIDNIGHT + HOUR);
    let env = remote_env(Some(clock.clone()), |c| {
        gemini(&fake, c);
        c.daily.paint_ahead = Duration::from_secs(24 * 3600);
        c.daily.batch_deadline = Duration::from_secs(2 * 3600);
        c.daily.batch_poll = Duration::from_secs(60);
    });
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    let date = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let id = env
        .app
        .create_ahead(date, MIDNIGHT + DAY - 2 * HOUR)
        .await
        .unwrap()
        .case
        .id;
    // Submit, then two polls that find the batch running.
    for _ in 0..3 {
        env.drain().await;
        clock.advance(Duration::from_secs(61));
    }
    let s = env.store.get_status(&id).await.unwrap().unwrap();
    assert!(s.batch.as_ref().is_some_and(|b| b.polls >= 2), "{s:?}");
    let text = logs.text();
    assert!(text.contains("job paused; it runs again then"), "{text}");
    let warns: Vec<&str> = text.lines().filter(|l| l.contains("\"level\":\"WARN\"")).collect();
    assert!(warns.is_empty(), "no WARN for a batch still running: {warns:#?}");
}
