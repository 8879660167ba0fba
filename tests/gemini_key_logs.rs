//! The API key in no log line and no URL: alone in its test binary, so the captured logs see every
//! event (tracing's per-callsite interest is shared by the tests running in one process).

mod common;

use common::fake::{CapturedLogs, FakeServer, KEY, gemini, job, remote_env};
use sleuths::config::Secret;

#[test]
fn the_key_appears_in_no_log_line_and_no_url() {
    let logs = CapturedLogs::default();
    let _guard = logs.install();
    // One thread, so every task logs to this test's subscriber.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    rt.block_on(async {
        let fake = FakeServer::start(&["--next", "429,503,block,500", "--api-key", KEY]);
        let env = remote_env(None, |c| {
            gemini(&fake, c);
            c.log_level = Some("trace".into());
        });
        let created = env.app.create_case(None).await.unwrap();
        env.drain().await;
        // And a wrong key: the job's error is about the key, without any key in it.
        let wrong = remote_env(None, |c| {
            gemini(&fake, c);
            c.gemini.api_key = Some(Secret::new("AIzaWRONG-key-9876543210"));
        });
        let failed = wrong.app.create_case(None).await.unwrap();
        wrong.drain().await;

        let s = env.store.get_status(&created.case.id).await.unwrap().unwrap();
        // The blocked slot is asked again, gentler, and painted.
        assert_eq!(s.images.count(), 15);
        let requests = fake.requests().await;
        assert_eq!(requests.len(), 20);
        for r in &requests {
            let url = r["url"].as_str().unwrap();
            assert!(
                !url.contains(KEY) && !url.contains("WRONG") && !url.contains("key="),
                "{url}"
            );
        }
        assert!(
            requests
                .iter()
                .all(|r| r["headers"]["x-goog-api-key"].as_str().is_some())
        );
        let error = job(&wrong, &failed.job_id).await.last_error.unwrap();
        assert!(
            error.contains("API key was rejected") && !error.contains("WRONG"),
            "{error}"
        );
        let status = serde_json::to_string(&s).unwrap();
        assert!(!status.contains(KEY));
    });
    let text = logs.text();
    assert!(
        text.contains("model call failed") && text.contains("\"http.status\":503"),
        "the logs were captured"
    );
    assert!(text.contains("slot painted"));
    for line in text.lines() {
        assert!(
            !line.contains(KEY) && !line.contains("AIzaWRONG"),
            "the key leaked: {line}"
        );
    }
}
