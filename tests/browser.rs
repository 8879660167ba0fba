//! The case page and the dashboard in headless Chromium against a real HTTP server.

mod common;

use std::sync::Arc;
use std::time::Duration;

use common::browser::Browser;
use common::{FakeProvider, env_with, serve_in_process};
use sleuths::domain::{Slot, SlotKind};
use sleuths::providers::ProviderError;

const TOKEN: &str = "browser-token";

/// Types a token into the dashboard's form and submits it.
async fn sign_in(browser: &Browser, token: &str) {
    browser
        .eval(&format!(
            "document.getElementById('token').value = '{token}'; document.getElementById('token-form').requestSubmit();"
        ))
        .await;
}

/// Waits for the case page's progress bar to reach `completed`.
async fn wait_until_painted(browser: &Browser) {
    browser
        .wait_for(
            "return document.getElementById('progress')?.dataset.status === 'completed';",
            Duration::from_secs(60),
        )
        .await;
}

/// The page is no wider than a 390 px phone screen.
async fn assert_no_sideways_scroll(browser: &Browser, page: &str) {
    let size = browser
        .eval("return [document.documentElement.scrollWidth, window.innerWidth];")
        .await;
    assert_eq!(size[1].as_u64(), Some(390), "{page}: {size}");
    assert!(size[0].as_u64() <= size[1].as_u64(), "{page} scrolls sideways: {size}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_shows_the_progress_bar_advancing_and_every_picture_at_the_end() {
    let browser = Browser::start(1280, 900).await;
    // The test lets the pictures through five at a time, so what the page shows does not depend on
    // how fast this machine starts Chromium.
    let permits = Arc::new(tokio::sync::Semaphore::new(0));
    let env = env_with(
        FakeProvider {
            permits: Some(permits.clone()),
            ..Default::default()
        },
        None,
        |c| c.pipeline.concurrency = 2,
    )
    .await;
    let created = env.app.create_case(None).await.unwrap();
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    browser.goto(&format!("{base}/?case={}", created.case.id)).await;

    for painted in [0, 5, 10, 15] {
        if painted > 0 {
            permits.add_permits(5);
        }
        // The record that carries the last picture may still say `generating`; `completed` follows it.
        let states = match painted {
            0 => r#"["pending", "generating"]"#,
            15 => r#"["completed"]"#,
            _ => r#"["generating"]"#,
        };
        browser
            .wait_for(
                &format!(
                    "const p = document.getElementById('progress');
                     const bar = p && p.querySelector('.progress__track');
                     return bar && {states}.includes(p.dataset.status) && p.dataset.current === '{painted}'
                       && bar.getAttribute('aria-valuenow') === '{painted}';"
                ),
                Duration::from_secs(30),
            )
            .await;
        if painted == 5 {
            browser.screenshot("case-page-in-progress").await;
        }
    }
    let loaded = browser
        .wait_for(
            "const f = [...document.querySelectorAll('[data-slot]')];
             const imgs = f.map(x => x.querySelector('img')).filter(i => i && i.complete && i.naturalWidth > 0);
             return f.length === 15 && f.every(x => x.dataset.state === 'loaded') && imgs.length === 15 ? 15 : 0;",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(loaded, 15);
    browser.screenshot("case-page-complete").await;
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failing_slot_shows_its_placeholder() {
    let broken = Slot::new(SlotKind::Suspect, 1);
    let provider = FakeProvider::default().fail(broken, ProviderError::SlotFinal("blocked: IMAGE_SAFETY".into()));
    let env = env_with(provider, None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/?case={}", created.case.id)).await;
    wait_until_painted(&browser).await;
    let state = browser
        .wait_for("const f = document.querySelector('[data-slot=\"suspect-1\"]'); return f && f.dataset.state === 'failed' && f.innerText;", Duration::from_secs(10))
        .await;
    assert!(
        state.as_str().unwrap().to_lowercase().contains("unavailable"),
        "{state}"
    );
    let others = browser
        .eval("return [...document.querySelectorAll('[data-slot]')].filter(x => x.dataset.state === 'loaded').length;")
        .await;
    assert_eq!(others, 14);
    browser.screenshot("case-page-failed-slot").await;
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_390_by_844_the_case_page_and_the_dashboard_do_not_scroll_sideways() {
    let env = env_with(FakeProvider::default(), None, |_| {}).await;
    let created = env.app.create_case(None).await.unwrap();
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(390, 844).await;
    browser.goto(&format!("{base}/?case={}", created.case.id)).await;
    wait_until_painted(&browser).await;
    assert_no_sideways_scroll(&browser, "the case page").await;
    browser.screenshot("case-page-390").await;

    browser.goto(&format!("{base}/admin")).await;
    sign_in(&browser, TOKEN).await;
    browser
        .wait_for(
            "return document.querySelectorAll('#jobs [data-job-id]').length;",
            Duration::from_secs(20),
        )
        .await;
    assert_no_sideways_scroll(&browser, "the dashboard").await;
    browser.screenshot("dashboard-390").await;
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_creates_a_case_and_shows_its_job_finishing() {
    let env = env_with(
        FakeProvider {
            latency: Duration::from_millis(100),
            ..Default::default()
        },
        None,
        |_| {},
    )
    .await;
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/admin")).await;
    sign_in(&browser, "wrong").await;
    browser.wait_for("return document.getElementById('token-form') && document.getElementById('token-form').offsetParent !== null;", Duration::from_secs(10)).await;
    sign_in(&browser, TOKEN).await;
    browser
        .wait_for(
            "const b = document.getElementById('create-case'); return b && b.offsetParent !== null;",
            Duration::from_secs(10),
        )
        .await;
    browser.eval("document.getElementById('create-case').click();").await;
    let case_id = browser
        .wait_for(
            "return document.querySelector('#cases [data-case-id]')?.dataset.caseId;",
            Duration::from_secs(20),
        )
        .await;
    let case_id = case_id.as_str().unwrap().to_owned();
    assert!(env.store.get_case(&case_id).await.unwrap().is_some());
    browser.screenshot("dashboard-job-running").await;
    browser
        .wait_for(
            "return [...document.querySelectorAll('#jobs [data-job-id]')].some(r => r.dataset.state === 'completed');",
            Duration::from_secs(60),
        )
        .await;
    browser
        .wait_for(
            &format!(
                "return document.querySelector('#cases [data-case-id=\"{case_id}\"]')?.dataset.status === 'completed';"
            ),
            Duration::from_secs(20),
        )
        .await;
    browser.screenshot("dashboard-job-completed").await;
    // A finished case offers a repaint, not "Generate images" (there is nothing to generate).
    let offered = browser
        .eval(&format!(
            "const row = document.querySelector('#cases [data-case-id=\"{case_id}\"]');
             const generate = [...row.querySelectorAll('button')].find(b => b.textContent === 'Generate images');
             const repaint = [...row.querySelectorAll('button')].find(b => b.textContent === 'Repaint');
             return [generate.offsetParent !== null, repaint.offsetParent !== null];"
        ))
        .await;
    assert_eq!(
        offered,
        serde_json::json!([false, true]),
        "generate hidden, repaint shown"
    );
    // Nothing paid was called: the spend panel says so instead of a blank chart.
    let spend = browser
        .wait_for(
            "const p = document.getElementById('spend-empty');
             return p && !p.hidden && p.offsetParent !== null ? p.textContent : null;",
            Duration::from_secs(20),
        )
        .await;
    assert!(spend.as_str().unwrap().starts_with("No spend yet"), "{spend}");

    // A moderator repaints one picture from the case's row; a second job runs and ends.
    let calls = env.provider.calls();
    browser
        .eval(&format!(
            "const row = document.querySelector('#cases [data-case-id=\"{case_id}\"]');
             row.querySelector('input').value = 'suspect-1';
             [...row.querySelectorAll('button')].find(b => b.textContent === 'Repaint').click();"
        ))
        .await;
    browser
        .wait_for(
            "return [...document.querySelectorAll('#jobs [data-job-id]')].filter(r => r.dataset.state === 'completed').length === 2;",
            Duration::from_secs(60),
        )
        .await;
    assert_eq!(env.provider.calls(), calls + 1, "only suspect-1 was painted again");
    browser.screenshot("dashboard-repaint-completed").await;
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn at_1280_the_dashboard_says_where_the_token_is_and_keeps_ids_and_dates_whole() {
    let env = env_with(FakeProvider::default(), None, |_| {}).await;
    env.app.register_recurring_tasks().await.unwrap();
    let midnight = chrono::Utc::now()
        .date_naive()
        .and_hms_opt(0, 0, 0)
        .unwrap()
        .and_utc()
        .timestamp_millis();
    env.store
        .fire_schedule("daily-case-generation", midnight, None)
        .await
        .unwrap();
    env.app.create_case(None).await.unwrap();
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/admin")).await;

    let hint = browser
        .wait_for(
            "const l = document.getElementById('login'); return l && !l.hidden && l.innerText;",
            Duration::from_secs(10),
        )
        .await;
    let hint = hint.as_str().unwrap();
    assert!(hint.contains("sleuths serve prints it when it starts"), "{hint}");
    assert!(hint.contains("data/admin-token"), "{hint}");
    browser.screenshot("dashboard-sign-in").await;

    sign_in(&browser, TOKEN).await;
    browser
        .wait_for(
            "return document.querySelectorAll('#jobs [data-job-id]').length > 0
                 && document.querySelectorAll('#recurring [data-job-id]').length > 0
                 && document.querySelectorAll('#cases [data-case-id]').length > 0;",
            Duration::from_secs(20),
        )
        .await;
    // "Last fired" is today at midnight: it shows the date, not "00:00" alone.
    let last_fired = browser
        .eval(
            "return document.querySelector('#recurring [data-job-id] td[data-label=\"Last fired\"]').innerText.trim();",
        )
        .await;
    let expected = chrono::DateTime::from_timestamp_millis(midnight)
        .unwrap()
        .with_timezone(&chrono::Local)
        .format("%Y-%m-%d")
        .to_string();
    assert!(
        last_fired.as_str().unwrap().starts_with(&expected),
        "{last_fired} should start with {expected}"
    );
    // Every id, date and time is on one line: an inline element that wraps has more than one box.
    let broken = browser
        .eval(
            "return [...document.querySelectorAll('.table code, .table .mono, .table td > a')]
                 .filter(e => e.innerText.trim() && e.getClientRects().length > 1)
                 .map(e => e.innerText);",
        )
        .await;
    assert_eq!(broken, serde_json::json!([]), "values broken across lines");
    browser.screenshot("dashboard-1280").await;
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_pauses_and_resumes_a_schedule_from_its_row() {
    let env = env_with(FakeProvider::default(), None, |_| {}).await;
    env.app.register_recurring_tasks().await.unwrap();
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/admin")).await;
    sign_in(&browser, TOKEN).await;
    let row = "document.querySelector('#recurring [data-job-id=\"daily-case-generation\"]')";
    let shown = |state: &str, button: &str| {
        format!(
            "const r = {row}; return !!r && r.dataset.state === '{state}'
                 && r.querySelector('.badge').dataset.value === '{state}'
                 && r.querySelector('button').textContent === '{button}';"
        )
    };
    let paused = || async {
        let all = env.store.list_schedules().await.unwrap();
        all.iter().find(|s| s.id == "daily-case-generation").unwrap().paused
    };
    browser
        .wait_for(&shown("active", "Pause"), Duration::from_secs(20))
        .await;

    browser.eval(&format!("{row}.querySelector('button').click();")).await;
    browser
        .wait_for(&shown("paused", "Resume"), Duration::from_secs(20))
        .await;
    assert!(paused().await, "the button paused the schedule in the store");
    browser.screenshot("dashboard-schedule-paused").await;

    browser.eval(&format!("{row}.querySelector('button').click();")).await;
    browser
        .wait_for(&shown("active", "Pause"), Duration::from_secs(20))
        .await;
    assert!(!paused().await, "the button resumed the schedule in the store");
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_shows_today_s_spend_against_the_budget_and_sets_a_new_one() {
    let env = env_with(
        FakeProvider {
            price: 40_000,
            ..Default::default()
        },
        None,
        |c| c.budget.daily_usd = Some(0.80),
    )
    .await;
    let case = env.app.create_case(None).await.unwrap().case.id;
    env.drain().await;
    // A second case spends the rest: 5 more pictures, then the budget pauses its job.
    let paused = env.app.create_case(None).await.unwrap().case.id;
    env.drain().await;
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/admin")).await;
    sign_in(&browser, TOKEN).await;
    // 20 pictures at $0.04 is the whole $0.80 budget: the meter is full, and today's bar is drawn.
    let shown = browser
        .wait_for(
            "const t = document.getElementById('spend-today-usd').textContent;
             const m = document.getElementById('spend-meter').getAttribute('aria-valuenow');
             const bars = document.querySelectorAll('#spend-chart rect');
             const line = document.querySelectorAll('#spend-chart line').length;
             return t === '$0.80' && m === '100' && bars.length === 14 && line === 1
                 ? [document.getElementById('spend-budget').textContent,
                    Number(bars[13].getAttribute('height')), Number(bars[0].getAttribute('height'))]
                 : null;",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(shown[0], "$0.80 (config)", "{shown}");
    assert!(
        shown[1].as_f64().unwrap() > 10.0 && shown[2].as_f64() == Some(0.0),
        "{shown}"
    );
    browser.screenshot("dashboard-spend").await;

    browser
        .eval(
            "document.getElementById('budget-usd').value = '2';
             document.getElementById('budget-form').requestSubmit();",
        )
        .await;
    browser
        .wait_for(
            // The raised budget wakes the paused job, which paints its last 10: $1.20 of $2.00.
            "return document.getElementById('spend-budget').textContent === '$2.00 (moderator)'
                 && document.getElementById('spend-meter').getAttribute('aria-valuenow') === '60'
                 && document.getElementById('spend-today-usd').textContent === '$1.20';",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(env.store.stored_budget().await.unwrap(), Some(2_000_000));
    let s = env.store.get_status(&case).await.unwrap().unwrap();
    assert!((s.cost_usd - 0.60).abs() < 1e-9);
    let resumed = env.store.get_status(&paused).await.unwrap().unwrap();
    assert_eq!(resumed.images.count(), 15, "the raised budget resumed the paused case");
    stop.cancel();
}

/// Every slot of `case` answers 503 until the test clears the provider's failures.
fn model_down(provider: &FakeProvider, case: &sleuths::domain::Case) {
    for slot in case.slots() {
        provider.failures.lock().unwrap().insert(
            slot,
            ProviderError::Retryable {
                message: "503 Service Unavailable".into(),
                retry_after: None,
            },
        );
    }
}

fn falls_back_at_once(c: &mut sleuths::config::Config) {
    c.pipeline.fallback = Some(vec!["procedural".into()]);
    c.pipeline.fallback_after = Duration::ZERO;
    c.pipeline.slot_attempts = 1;
    c.pipeline.rerun_backoff = sleuths::common::Backoff::new(Duration::from_millis(200), Duration::from_millis(200));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_case_page_swaps_a_fallback_picture_for_the_model_s_in_place() {
    let env = env_with(FakeProvider::default(), None, falls_back_at_once).await;
    let created = env.app.create_case(None).await.unwrap();
    model_down(&env.provider, &created.case);
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/?case={}", created.case.id)).await;
    // The model is down: the fallback's pictures fill every frame.
    let degraded = browser
        .wait_for(
            "const f = [...document.querySelectorAll('[data-slot]')];
             const imgs = f.map(x => x.querySelector('img')).filter(i => i && i.complete && i.naturalWidth > 0);
             return f.length === 15 && imgs.length === 15 ? imgs.map(i => i.getAttribute('src')) : null;",
            Duration::from_secs(30),
        )
        .await;
    browser.screenshot("case-page-fallback").await;
    // A mark that a reload would wipe.
    browser.eval("window.sleuthsNoReload = true;").await;
    env.provider.failures.lock().unwrap().clear();
    let swapped = browser
        .wait_for(
            &format!(
                "const before = {degraded};
                 const f = [...document.querySelectorAll('[data-slot]')];
                 const imgs = f.map(x => x.querySelector('img')).filter(i => i && i.complete && i.naturalWidth > 0);
                 return window.sleuthsNoReload === true && imgs.length === 15
                   && imgs.every((i, n) => i.getAttribute('src') !== before[n])
                   && document.getElementById('progress')?.dataset.status === 'completed'
                   ? imgs.map(i => i.getAttribute('src')) : null;"
            ),
            Duration::from_secs(60),
        )
        .await;
    browser.screenshot("case-page-upgraded").await;
    let case = env.app.case(&created.case.id).await.unwrap().unwrap();
    let status = env.store.get_status(&created.case.id).await.unwrap().unwrap();
    assert!(status.fallbacks.is_empty(), "{:?}", status.fallbacks);
    for (n, slot) in case.slots().into_iter().enumerate() {
        assert_eq!(status.sources.get(slot), Some("fake"), "{slot}");
        let shown = swapped[n].as_str().unwrap();
        let url = case.image_url(slot).unwrap();
        // The page shows the thumbnail of the case's picture (`case.js`'s `thumbOf`).
        let thumb = if url.contains(".jpg") {
            url.replacen(".jpg", ".thumb.jpg", 1)
        } else {
            url.to_owned()
        };
        assert_eq!(shown, thumb, "{slot}: the page shows the model's picture");
    }
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_marks_fallback_pictures_and_repaints_them_with_the_model() {
    let env = env_with(FakeProvider::default(), None, falls_back_at_once).await;
    let created = env.app.create_case(None).await.unwrap();
    let case_id = created.case.id.clone();
    for slot in created.case.slots() {
        let blocked = ProviderError::Refused("blocked: PROHIBITED_CONTENT".into());
        env.provider.failures.lock().unwrap().insert(slot, blocked);
    }
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    let browser = Browser::start(1280, 900).await;
    browser.goto(&format!("{base}/admin")).await;
    sign_in(&browser, TOKEN).await;
    let row = format!("document.querySelector('#cases [data-case-id=\"{case_id}\"]')");
    let marked = browser
        .wait_for(
            &format!(
                "const row = {row};
                 return row && row.dataset.status === 'completed' && row.textContent.includes('15 by fallback')
                   ? [row.querySelector('input').value, row.querySelector('[title*=PROHIBITED]')?.title || ''] : null;"
            ),
            Duration::from_secs(60),
        )
        .await;
    browser.screenshot("dashboard-fallback-marked").await;
    let offered: Vec<&str> = marked[0].as_str().unwrap().split(", ").collect();
    assert_eq!(
        offered.len(),
        15,
        "every fallback picture is offered for a repaint: {marked}"
    );
    assert!(offered.contains(&"suspect-1") && offered.contains(&"ev-1"), "{marked}");
    assert!(
        marked[1].as_str().unwrap().contains("PROHIBITED_CONTENT"),
        "the reason on hover: {marked}"
    );

    // The model paints again; the moderator repaints from the row as offered.
    env.provider.failures.lock().unwrap().clear();
    let calls = env.provider.calls();
    browser
        .eval(&format!(
            "[...{row}.querySelectorAll('button')].find(b => b.textContent === 'Repaint').click();"
        ))
        .await;
    browser
        .wait_for(
            &format!(
                "const row = {row};
                 return row && row.dataset.status === 'completed' && !row.textContent.includes('by fallback');"
            ),
            Duration::from_secs(60),
        )
        .await;
    assert_eq!(env.provider.calls(), calls + 15);
    let status = env.store.get_status(&case_id).await.unwrap().unwrap();
    assert!(status.fallbacks.is_empty(), "{:?}", status.fallbacks);
    assert!(
        status
            .sources
            .slots()
            .iter()
            .all(|s| status.sources.get(*s) == Some("fake"))
    );
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dashboard_draws_a_case_s_timeline_with_a_throttled_slot_a_takeover_and_a_fallback() {
    let throttled = Slot::new(SlotKind::Location, 1);
    let refused = Slot::new(SlotKind::Evidence, 3);
    let provider = FakeProvider::default();
    provider.throttled.lock().unwrap().insert(throttled, 2);
    provider.refusals.lock().unwrap().insert(refused, 2);
    let env = env_with(provider, None, |c| {
        c.pipeline.fallback = Some(vec!["procedural".into()]);
        c.pipeline.concurrency = 2;
    })
    .await;
    let created = env.app.create_case(None).await.unwrap();
    let case_id = created.case.id.clone();
    // A worker claims the job and dies: the dashboard's own worker takes it over when the lease runs out.
    let claimed = env
        .store
        .claim(
            "worker-that-died",
            &["generate-case-images"],
            Duration::from_millis(500),
        )
        .await
        .unwrap();
    assert!(claimed.claim.is_some());
    let (base, stop) = serve_in_process(&env, TOKEN).await;
    for (width, height) in [(1280, 900), (390, 844)] {
        let browser = Browser::start(width, height).await;
        browser.goto(&format!("{base}/admin")).await;
        sign_in(&browser, TOKEN).await;
        let row = format!("document.querySelector('#cases [data-case-id=\"{case_id}\"]')");
        browser
            .wait_for(
                &format!("const row = {row}; return row && row.dataset.status === 'completed';"),
                Duration::from_secs(60),
            )
            .await;
        browser
            .eval(&format!("{row}.querySelector('.timeline-toggle').click();"))
            .await;
        let drawn = browser
            .wait_for(
                &format!(
                    "const box = document.querySelector('[data-timeline-for=\"{case_id}\"]');
                     const svg = box && box.querySelector('svg.timeline');
                     if (!svg || !svg.querySelector('.tl-end')) return null;
                     const all = (q) => [...svg.querySelectorAll(q)];
                     return {{
                       throttled: all('.tl-call[data-outcome=\"throttled\"][data-slot=\"loc-2\"]').length,
                       refused: all('.tl-call[data-outcome=\"refused\"][data-slot=\"ev-4\"]').length,
                       fallback: all('.tl-slot[data-fallback][data-slot=\"ev-4\"]').length,
                       stored: all('.tl-slot').length,
                       rows: all('[data-slot-row]').length,
                       takeoverFrom: all('.tl-takeover').map(t => t.dataset.from),
                       end: svg.querySelector('.tl-end').dataset.state,
                       label: svg.getAttribute('aria-label'),
                     }};"
                ),
                Duration::from_secs(20),
            )
            .await;
        assert_eq!(drawn["throttled"], 2, "{drawn}");
        assert_eq!(drawn["refused"], 2, "{drawn}");
        assert_eq!(drawn["fallback"], 1, "{drawn}");
        assert_eq!(
            (drawn["stored"].as_u64(), drawn["rows"].as_u64()),
            (Some(15), Some(15)),
            "{drawn}"
        );
        assert_eq!(
            drawn["takeoverFrom"],
            serde_json::json!(["worker-that-died"]),
            "{drawn}"
        );
        assert_eq!(drawn["end"], "completed", "{drawn}");
        assert!(drawn["label"].as_str().unwrap().contains("1 takeover"), "{drawn}");
        browser.screenshot(&format!("dashboard-timeline-{width}")).await;
        if width == 390 {
            assert_no_sideways_scroll(&browser, "the dashboard with a timeline open").await;
        }
    }
    stop.cancel();
}
