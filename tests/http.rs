//! The HTTP API in-process through the router: status codes, bodies, auth, limits, images, OpenAPI.

mod common;

use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use common::{FakeProvider, TestEnv, env_with};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use sleuths::http::{AppState, router};
use tower::ServiceExt;

const TOKEN: &str = "test-moderator-token";

struct Api {
    env: TestEnv,
    router: Router,
}

async fn api() -> Api {
    api_with(FakeProvider::default()).await
}

async fn api_with(provider: FakeProvider) -> Api {
    let env = env_with(provider, None, |_| {}).await;
    let router = router(AppState::new(env.app.clone(), TOKEN));
    Api { env, router }
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

impl Api {
    async fn call(&self, method: Method, uri: &str, token: Option<&str>, body: Option<(&str, &str)>) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(t) = token {
            req = req.header("authorization", format!("Bearer {t}"));
        }
        let req = match body {
            Some((content_type, b)) => req.header("content-type", content_type).body(Body::from(b.to_owned())),
            None => req.body(Body::empty()),
        }
        .unwrap();
        let res = self.router.clone().oneshot(req).await.unwrap();
        let status = res.status();
        let headers = res.headers().clone();
        let body = tokio::time::timeout(Duration::from_secs(20), res.into_body().collect())
            .await
            .expect("body finished")
            .unwrap()
            .to_bytes()
            .to_vec();
        Reply { status, headers, body }
    }

    async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None, None).await
    }

    async fn admin(&self, method: Method, uri: &str, body: Option<&str>) -> Reply {
        self.call(method, uri, Some(TOKEN), body.map(|b| ("application/json", b)))
            .await
    }

    /// Creates a case over HTTP and paints it in this process.
    async fn painted_case(&self) -> Value {
        let r = self.admin(Method::POST, "/api/case/create", None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
        self.env.drain().await;
        r.json()["case"].clone()
    }
}

const MODERATOR_ROUTES: &[(&str, &str)] = &[
    ("POST", "/api/case/create"),
    ("POST", "/api/case/case-2026-11-28/generate-images"),
    ("POST", "/internal/menu/generate-images-manual"),
    ("POST", "/internal/scheduler/generate-case-images"),
    ("POST", "/internal/scheduler/daily-case"),
    ("GET", "/internal/cases"),
    ("GET", "/internal/jobs"),
    ("DELETE", "/internal/jobs/job-1"),
    ("POST", "/internal/jobs/job-1/retry"),
    ("POST", "/internal/schedules/job-1/pause"),
    ("POST", "/internal/schedules/job-1/resume"),
    ("GET", "/internal/spend"),
    ("PUT", "/internal/budget"),
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_moderator_route_answers_401_without_a_token_and_with_a_wrong_one() {
    let api = api().await;
    for (method, path) in MODERATOR_ROUTES {
        let method: Method = method.parse().unwrap();
        for token in [None, Some("wrong-token"), Some("test-moderator-tokenX"), Some("")] {
            let r = api
                .call(method.clone(), path, token, Some(("application/json", "{}")))
                .await;
            assert_eq!(
                r.status,
                StatusCode::UNAUTHORIZED,
                "{method} {path} with {token:?}: {}",
                r.text()
            );
            assert_eq!(r.json()["code"], "unauthorized");
        }
    }
    let r = api.call(Method::GET, "/internal/jobs", None, None).await;
    insta::assert_json_snapshot!("error_401", r.json());
    // Nothing was created by any of those calls.
    assert!(api.env.store.list_case_ids(10).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn player_routes_never_contain_the_solution() {
    let api = api().await;
    let case = api.painted_case().await;
    let id = case["id"].as_str().unwrap();
    let solution = &case["solution"];
    let secrets: Vec<String> = ["motive", "method", "explanation"]
        .iter()
        .map(|k| solution[k].as_str().unwrap().to_owned())
        .chain(["culpritId".to_owned(), "keyEvidence".to_owned(), "solution".to_owned()])
        .collect();
    let routes = [
        "/api/case/today".to_owned(),
        format!("/api/case/{id}"),
        format!("/api/image-status/{id}"),
        format!("/api/image-status/{id}/events"),
        "/".to_owned(),
        "/assets/case.js".to_owned(),
    ];
    for route in &routes {
        let r = api.get(route).await;
        assert_eq!(r.status, StatusCode::OK, "{route}");
        let text = r.text();
        for secret in &secrets {
            assert!(!text.contains(secret.as_str()), "{route} leaks {secret:?}");
        }
    }
    let public = api.get(&format!("/api/case/{id}")).await.json();
    assert_eq!(public["suspects"].as_array().unwrap().len(), 3);
    assert!(public.get("solution").is_none());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn player_routes_answer_with_the_case_and_the_status_record() {
    let api = api().await;
    assert_eq!(api.get("/api/case/today").await.status, StatusCode::NOT_FOUND);
    let r = api
        .admin(Method::POST, "/api/case/create", Some(r#"{"date":"2026-11-28"}"#))
        .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let body = r.json();
    assert_eq!(
        (body["success"].clone(), body["imageGenerationQueued"].clone()),
        (json!(true), json!(true))
    );
    assert_eq!(body["case"]["id"], "case-2026-11-28");
    assert!(body["jobId"].as_str().unwrap().starts_with("job-"));

    let s = api.get("/api/image-status/case-2026-11-28").await;
    assert_eq!(s.status, StatusCode::OK);
    assert_eq!(s.json()["status"], "pending");
    api.env.drain().await;
    let s = api.get("/api/image-status/case-2026-11-28").await.json();
    assert_eq!(
        (s["status"].clone(), s["progress"].clone()),
        (json!("completed"), json!({"current": 15, "total": 15}))
    );
    let c = api.get("/api/case/case-2026-11-28").await.json();
    assert_eq!(c["locations"][0]["imageUrl"], s["images"]["locations"][0]);

    // Again for the same date: a conflict, in the envelope.
    let r = api
        .admin(Method::POST, "/api/case/create", Some(r#"{"date":"2026-11-28"}"#))
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT);
    assert_eq!(r.json()["code"], "conflict");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_ids_get_404_and_malformed_ids_400() {
    let api = api().await;
    let r = api.get("/api/case/case-nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    insta::assert_json_snapshot!("error_404_case", r.json());
    let r = api.get("/api/image-status/case-nope").await;
    assert_eq!(r.status, StatusCode::NOT_FOUND);
    assert_eq!(
        r.json(),
        json!({"error": "no image-generation status for this case", "code": "no_status", "caseId": "case-nope"})
    );
    assert_eq!(
        api.get("/api/image-status/case-nope/events").await.status,
        StatusCode::NOT_FOUND
    );
    for path in [
        "/api/case/CASE",
        "/api/case/a%20b",
        "/api/image-status/x..y",
        "/api/case/%2e%2e",
    ] {
        let r = api.get(path).await;
        assert!(
            r.status == StatusCode::BAD_REQUEST || r.status == StatusCode::NOT_FOUND,
            "{path}: {}",
            r.status
        );
        assert!(r.json()["code"].is_string(), "{path}");
    }
    let long = format!("/api/case/{}", "a".repeat(65));
    assert_eq!(api.get(&long).await.json()["code"], "bad_case_id");
    assert_eq!(
        api.admin(Method::DELETE, "/internal/jobs/job-nope", None).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.admin(Method::POST, "/internal/jobs/job-nope/retry", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.admin(Method::POST, "/api/case/case-nope/generate-images", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        api.admin(Method::POST, "/internal/menu/generate-images-manual", None)
            .await
            .status,
        StatusCode::NOT_FOUND
    );
    let r = api.get("/no/such/route").await;
    assert_eq!(
        (r.status, r.json()["code"].clone()),
        (StatusCode::NOT_FOUND, json!("no_route"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_wrongly_typed_and_oversized_bodies_get_the_envelope() {
    let api = api().await;
    let cases: &[(&str, &str, StatusCode, &str)] = &[
        ("application/json", "{not json", StatusCode::BAD_REQUEST, "bad_json"),
        (
            "application/json",
            r#"{"date": "2026-02-30"}"#,
            StatusCode::BAD_REQUEST,
            "bad_date",
        ),
        (
            "application/json",
            r#"{"date": 5}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "application/json",
            r#"{"dat": "2026-11-28"}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        // What the OpenAPI schema refuses, the server refuses too.
        (
            "application/json",
            r#"{"date": null}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "application/json",
            "[]",
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "application/json",
            r#"["2026-11-28"]"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_body",
        ),
        (
            "text/plain",
            "{}",
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
    ];
    for (ct, body, status, code) in cases {
        let r = api
            .call(Method::POST, "/api/case/create", Some(TOKEN), Some((ct, body)))
            .await;
        assert_eq!(r.status, *status, "{body}: {}", r.text());
        assert_eq!(r.json()["code"], *code, "{body}");
    }
    let big = format!(r#"{{"date": "{}"}}"#, "9".repeat(200_000));
    let r = api
        .call(
            Method::POST,
            "/api/case/create",
            Some(TOKEN),
            Some(("application/json", &big)),
        )
        .await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    insta::assert_json_snapshot!("error_413", r.json());
    let r = api
        .admin(
            Method::POST,
            "/internal/scheduler/generate-case-images",
            Some(r#"{"data": {}}"#),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    insta::assert_json_snapshot!("error_422", r.json());
    assert!(
        api.env.store.list_case_ids(10).await.unwrap().is_empty(),
        "bad input created nothing"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn images_are_served_with_their_type_an_etag_and_immutable_caching() {
    let api = api().await;
    let case = api.painted_case().await;
    let stored = api
        .env
        .store
        .get_case(case["id"].as_str().unwrap())
        .await
        .unwrap()
        .unwrap();
    let url = stored.locations[0].image_url.clone().unwrap();
    let r = api.get(&url).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "image/jpeg");
    assert_eq!(r.headers["cache-control"], "public, max-age=31536000, immutable");
    assert!(
        !r.headers.contains_key("vary"),
        "a public picture is the same for everyone"
    );
    assert_eq!(&r.body[..2], &[0xff, 0xd8]);
    let etag = r.headers["etag"].to_str().unwrap().to_owned();
    let again = Request::builder()
        .uri(&url)
        .header("if-none-match", &etag)
        .body(Body::empty())
        .unwrap();
    let res = api.router.clone().oneshot(again).await.unwrap();
    assert_eq!(res.status(), StatusCode::NOT_MODIFIED);
    let thumb = api.get(&url.replace(".jpg?", ".thumb.jpg?")).await;
    assert_eq!(thumb.status, StatusCode::OK);
    let thumb = image::load_from_memory(&thumb.body).unwrap();
    assert!(thumb.width().max(thumb.height()) <= 256);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn image_paths_cannot_reach_outside_the_image_store() {
    let api = api().await;
    api.painted_case().await;
    std::fs::write(api.env.dir.path().join("secret.jpg"), b"\xff\xd8 top secret").unwrap();
    for path in [
        "/images/../sleuths.db",
        "/images/../secret.jpg",
        "/images/%2e%2e/secret.jpg",
        "/images/%2E%2E%2Fsecret.jpg",
        "/images/..%2fsecret.jpg",
        "/images/..%5csecret.jpg",
        "/images/..\\secret.jpg",
        "/images/%2fetc%2fpasswd",
        "/images//etc/passwd",
        "/images/C:%5cwindows%5cwin.ini",
        "/images/case-x/%00.jpg",
        "/images/case-x/./a.jpg",
    ] {
        let r = api.get(path).await;
        assert!(r.status.is_client_error(), "{path}: {}", r.status);
        assert!(!r.text().contains("top secret"), "{path}");
        assert!(!r.text().contains("SQLite"), "{path}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readyz_answers_503_while_the_image_store_cannot_be_read() {
    let api = api().await;
    assert_eq!(api.get("/readyz").await.status, StatusCode::OK);
    // A real read failure: the images directory is a plain file.
    let images = api.env.dir.path().join("images");
    std::fs::write(&images, b"not a directory").unwrap();
    let r = api.get("/readyz").await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(
        r.json(),
        json!({ "error": "the image store is unavailable", "code": "unavailable" })
    );
    std::fs::remove_file(&images).unwrap();
    assert_eq!(api.get("/readyz").await.status, StatusCode::OK);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_event_stream_sends_each_change_and_closes_after_completed() {
    let api = api_with(FakeProvider {
        latency: Duration::from_millis(30),
        ..Default::default()
    })
    .await;
    let r = api.admin(Method::POST, "/api/case/create", None).await;
    let id = r.json()["case"]["id"].as_str().unwrap().to_owned();
    // Open the stream and read its first record, then start painting: the stream is subscribed by then.
    let req = Request::get(format!("/api/image-status/{id}/events"))
        .body(Body::empty())
        .unwrap();
    let res = api.router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let headers = res.headers().clone();
    let mut body = res.into_body();
    let mut first = Vec::new();
    while !first.ends_with(b"\n\n") {
        let frame = tokio::time::timeout(Duration::from_secs(20), body.frame())
            .await
            .expect("the first record arrives")
            .expect("the stream is open")
            .unwrap();
        if let Ok(data) = frame.into_data() {
            first.extend_from_slice(&data);
        }
    }
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = api.env.app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let rest = tokio::time::timeout(Duration::from_secs(20), body.collect())
        .await
        .expect("the stream closes after completed")
        .unwrap()
        .to_bytes();
    stop.cancel();
    handle.await.unwrap().unwrap();
    let stream = Reply {
        status,
        headers,
        body: [first, rest.to_vec()].concat(),
    };
    assert_eq!(stream.status, StatusCode::OK);
    assert_eq!(stream.headers["content-type"], "text/event-stream");
    let events: Vec<Value> = stream
        .text()
        .split("\n\n")
        .filter_map(|chunk| {
            let data: String = chunk.lines().filter_map(|l| l.strip_prefix("data: ")).collect();
            (!data.is_empty()).then(|| {
                assert!(chunk.contains("event: status"), "{chunk}");
                serde_json::from_str(&data).unwrap()
            })
        })
        .collect();
    assert!(events.len() >= 3, "only {} events", events.len());
    assert_eq!(events.first().unwrap()["status"], "pending");
    assert_eq!(events.last().unwrap()["status"], "completed");
    let progress: Vec<u64> = events
        .iter()
        .map(|e| e["progress"]["current"].as_u64().unwrap())
        .collect();
    assert!(progress.windows(2).all(|w| w[0] <= w[1]), "{progress:?}");
    assert_eq!(*progress.last().unwrap(), 15);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduler_handler_runs_the_job_and_answers_when_it_ends() {
    let api = api().await;
    let r = api.admin(Method::POST, "/api/case/create", None).await;
    let id = r.json()["case"]["id"].as_str().unwrap().to_owned();
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = api.env.app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let body = json!({"data": {"caseId": id}}).to_string();
    let r = api
        .admin(Method::POST, "/internal/scheduler/generate-case-images", Some(&body))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let b = r.json();
    assert_eq!((b["status"].clone(), b["caseId"].clone()), (json!("ok"), json!(id)));
    assert!(b["duration"].as_str().unwrap().ends_with('s'));
    assert_eq!(
        api.get(&format!("/api/image-status/{id}")).await.json()["status"],
        "completed"
    );

    // The menu route queues the latest case; the jobs list shows the jobs; cancel and retry work.
    let m = api
        .admin(Method::POST, "/internal/menu/generate-images-manual", None)
        .await
        .json();
    assert_eq!((m["success"].clone(), m["caseId"].clone()), (json!(true), json!(id)));
    let d = api.admin(Method::POST, "/internal/scheduler/daily-case", None).await;
    assert_eq!(d.status, StatusCode::OK, "{}", d.text());
    stop.cancel();
    handle.await.unwrap().unwrap();
    let jobs = api.admin(Method::GET, "/internal/jobs", None).await.json();
    let list = jobs["jobs"].as_array().unwrap();
    assert!(
        list.iter()
            .any(|j| j["kind"] == "once" && j["name"] == "generate-case-images" && j["state"] == "completed")
    );
    // A repaint names slots: a slot the case lacks is a 404 (the body is well formed; the slot is not
    // there); a malformed one or a wrong body type is a 422.
    let generate_uri = format!("/api/case/{id}/generate-images");
    let generate = |body: Option<&'static str>| api.admin(Method::POST, &generate_uri, body);
    for (body, status, expected) in [
        (
            r#"{"repaint": ["suspect-9"]}"#,
            StatusCode::NOT_FOUND,
            "has no slot suspect-9",
        ),
        (
            r#"{"repaint": ["mugshot-1"]}"#,
            StatusCode::UNPROCESSABLE_ENTITY,
            "is not a slot",
        ),
        (r#"{"repaint": "suspect-1"}"#, StatusCode::UNPROCESSABLE_ENTITY, ""),
    ] {
        let r = generate(Some(body)).await;
        assert_eq!(r.status, status, "{body}: {}", r.text());
        assert!(r.json()["error"].as_str().unwrap().contains(expected), "{}", r.text());
    }
    // `suspect-2` is the page's Suspect 2: the case's second suspect.
    let queued = generate(Some(r#"{"repaint": ["suspect-2"]}"#)).await;
    assert_eq!(queued.status, StatusCode::ACCEPTED, "{}", queued.text());
    assert!(queued.json().get("deprecated").is_none(), "{}", queued.text());
    let status = api.get(&format!("/api/image-status/{id}")).await.json();
    assert_eq!(status["progress"]["current"], 14);
    assert_eq!(status["images"]["suspects"][1], Value::Null);
    let busy = generate(Some(r#"{"repaint": ["location-0"]}"#)).await;
    assert_eq!(busy.status, StatusCode::CONFLICT, "{}", busy.text());
    // Without a repaint, the call joins the job already queued.
    assert_eq!(generate(None).await.json()["jobId"], queued.json()["jobId"]);
    let job_id = queued.json()["jobId"].as_str().unwrap().to_owned();
    let c = api
        .admin(Method::DELETE, &format!("/internal/jobs/{job_id}"), None)
        .await;
    assert_eq!(c.status, StatusCode::OK);
    assert_eq!(
        api.admin(Method::DELETE, &format!("/internal/jobs/{job_id}"), None)
            .await
            .status,
        StatusCode::CONFLICT
    );
    let r = api
        .admin(Method::POST, &format!("/internal/jobs/{job_id}/retry"), None)
        .await;
    assert_eq!(
        (r.status, r.json()["job"]["state"].clone()),
        (StatusCode::OK, json!("queued"))
    );
    let cases = api.admin(Method::GET, "/internal/cases", None).await.json();
    assert!(cases["cases"].as_array().unwrap().len() >= 2);
    // The old names (counted from 0) still work, with a note naming the new ones.
    api.env.drain().await;
    let old = generate(Some(r#"{"repaint": ["location-0", "ev-8"]}"#)).await;
    assert_eq!(old.status, StatusCode::ACCEPTED, "{}", old.text());
    let note = old.json()["deprecated"].as_str().unwrap().to_owned();
    assert!(
        note.contains("location-0 is now loc-1") && !note.contains("ev-8"),
        "{note}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_readiness_and_metrics() {
    let api = api().await;
    api.painted_case().await;
    assert_eq!(api.get("/healthz").await.status, StatusCode::OK);
    assert_eq!(api.get("/readyz").await.json()["status"], "ready");
    api.get("/api/case/today").await;
    let m = api.get("/metrics").await.text();
    for needle in [
        "sleuths_jobs{state=\"completed\"} 1",
        "sleuths_slots_total{kind=\"suspect\",outcome=\"painted\"} 3",
        "sleuths_provider_request_seconds_count{provider=\"fake\",outcome=\"ok\"} 15",
        "sleuths_slot_seconds_count{kind=\"evidence\"} 8",
        "sleuths_queue_wait_seconds_count{task=\"generate-case-images\"} 1",
        "sleuths_http_requests_total{method=\"GET\",route=\"/api/case/today\",status=\"200\"} 1",
    ] {
        assert!(m.contains(needle), "missing {needle:?} in\n{m}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_openapi_document_describes_every_route_and_only_real_ones() {
    let api = api().await;
    api.painted_case().await;
    // The scheduler routes wait for their job: a worker must be running.
    let stop = tokio_util::sync::CancellationToken::new();
    let worker = api.env.app.worker(false);
    let s = stop.clone();
    let handle = tokio::spawn(async move { worker.run(s).await });
    let doc = api.get("/api/openapi.json").await.json();
    let paths = doc["paths"].as_object().unwrap();
    // Every route of the router is documented.
    for (method, path) in MODERATOR_ROUTES {
        let templ = path.replace("case-2026-11-28", "{caseId}").replace("job-1", "{id}");
        assert!(
            paths.get(&templ).and_then(|p| p.get(method.to_lowercase())).is_some(),
            "{method} {templ} undocumented"
        );
    }
    for p in [
        "/api/case/today",
        "/api/case/{caseId}",
        "/api/image-status/{caseId}",
        "/api/image-status/{caseId}/events",
        "/images/{name}",
        "/healthz",
        "/readyz",
        "/metrics",
        "/api/openapi.json",
        "/",
        "/admin",
        "/assets/{file}",
    ] {
        assert!(paths.contains_key(p), "{p} undocumented");
    }
    // Every documented operation exists in the router (no "no_route", no 405).
    for (path, ops) in paths {
        for method in ops.as_object().unwrap().keys() {
            let uri = path
                .replace("{caseId}", "case-nope")
                .replace("{id}", "job-nope")
                .replace("{name}", "case-nope/location-0.jpg")
                .replace("{file}", "style.css");
            let r = api
                .call(method.to_uppercase().parse().unwrap(), &uri, Some(TOKEN), None)
                .await;
            assert_ne!(r.status, StatusCode::METHOD_NOT_ALLOWED, "{method} {path}");
            let no_route = r.status == StatusCode::NOT_FOUND
                && serde_json::from_slice::<Value>(&r.body)
                    .ok()
                    .is_some_and(|v| v["code"] == "no_route");
            assert!(!no_route, "{method} {path} is documented but not routed");
        }
    }
    stop.cancel();
    handle.await.unwrap().unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_date_outside_2000_to_9999_is_a_400_and_creates_nothing() {
    let api = api().await;
    for (date, why) in [
        ("1999-12-31", "2000-01-01..9999-12-31"),
        ("0001-01-01", "2000-01-01..9999-12-31"),
        ("+99999-01-01", "YYYY-MM-DD"),
        ("2026-1-1", "YYYY-MM-DD"),
        ("26-12-03", "YYYY-MM-DD"),
        ("2026-02-30", "not a day of the calendar"),
    ] {
        let body = format!(r#"{{"date": "{date}"}}"#);
        let r = api.admin(Method::POST, "/api/case/create", Some(&body)).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{date}: {}", r.text());
        assert_eq!(r.json()["code"], "bad_date", "{date}");
        let error = r.json()["error"].as_str().unwrap().to_owned();
        assert!(error.starts_with("date: ") && error.contains(why), "{date}: {error}");
    }
    let cases = api.admin(Method::GET, "/internal/cases", None).await;
    assert_eq!(cases.json()["cases"], json!([]), "nothing was created");
    let jobs = api.admin(Method::GET, "/internal/jobs", None).await;
    assert!(
        jobs.json()["jobs"]
            .as_array()
            .unwrap()
            .iter()
            .all(|j| j["kind"] == "recurring"),
        "no job was queued: {}",
        jobs.text()
    );
    // The edges are accepted.
    let r = api
        .admin(Method::POST, "/api/case/create", Some(r#"{"date": "9999-12-31"}"#))
        .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text());
}

/// The daily schedule's entry in `GET /internal/jobs`.
async fn daily_entry(api: &Api) -> Value {
    let jobs = api.admin(Method::GET, "/internal/jobs", None).await.json();
    jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .find(|j| j["kind"] == "recurring" && j["id"] == "daily-case-generation")
        .cloned()
        .unwrap_or_else(|| panic!("no daily schedule in {jobs}"))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_the_daily_schedule_is_a_409_that_names_the_pause_command() {
    let api = api().await;
    api.env.app.register_recurring_tasks().await.unwrap();
    let r = api
        .admin(Method::DELETE, "/internal/jobs/daily-case-generation", None)
        .await;
    assert_eq!(r.status, StatusCode::CONFLICT, "{}", r.text());
    insta::assert_json_snapshot!("error_409_schedule_not_a_job", r.json());
    let message = r.json()["error"].as_str().unwrap().to_owned();
    assert!(
        message.contains("sleuths jobs pause daily-case-generation"),
        "{message}"
    );
    assert!(
        message.contains("POST /internal/schedules/daily-case-generation/pause"),
        "{message}"
    );
    // The schedule is still there, untouched.
    assert_eq!(daily_entry(&api).await["paused"], json!(false));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schedule_is_paused_and_resumed_over_http_with_the_token() {
    let api = api().await;
    api.env.app.register_recurring_tasks().await.unwrap();
    let pause = "/internal/schedules/daily-case-generation/pause";
    let resume = "/internal/schedules/daily-case-generation/resume";
    for path in [pause, resume] {
        let r = api.call(Method::POST, path, None, None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        let r = api.call(Method::POST, path, Some("wrong-token"), None).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
    }
    assert_eq!(
        daily_entry(&api).await["paused"],
        json!(false),
        "a refused call paused it"
    );

    let r = api.admin(Method::POST, pause, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let b = r.json();
    assert_eq!(b["success"], json!(true));
    assert_eq!(
        (b["schedule"]["id"].clone(), b["schedule"]["paused"].clone()),
        (json!("daily-case-generation"), json!(true))
    );
    assert_eq!(b["schedule"]["cron"], "0 0 * * *");
    assert_eq!(daily_entry(&api).await["paused"], json!(true));
    // Pausing twice is harmless.
    assert_eq!(api.admin(Method::POST, pause, Some("{}")).await.status, StatusCode::OK);

    let r = api.admin(Method::POST, resume, None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(r.json()["schedule"]["paused"], json!(false));
    assert_eq!(daily_entry(&api).await["paused"], json!(false));

    // An unknown schedule is a 404 with the envelope; a one-off job's id is not a schedule either.
    let r = api
        .admin(Method::POST, "/internal/schedules/cron-nope/pause", None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    assert_eq!(r.json()["code"], "not_found");
    assert!(
        r.json()["error"].as_str().unwrap().contains("cron-nope"),
        "{}",
        r.text()
    );
    let created = api.admin(Method::POST, "/api/case/create", None).await.json();
    let job_id = created["jobId"].as_str().unwrap();
    let r = api
        .admin(Method::POST, &format!("/internal/schedules/{job_id}/resume"), None)
        .await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "{}", r.text());
    let r = api.admin(Method::POST, "/internal/schedules/a%20b/pause", None).await;
    assert_eq!(r.json()["code"], "bad_job_id", "{}", r.text());
}

/// Sends raw bytes as the request path (hyper's `Uri` would refuse them, a TCP client would not).
async fn raw_get(base: &str, path: &[u8]) -> (u16, String, String) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let addr = base.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    let mut req = b"GET ".to_vec();
    req.extend_from_slice(path);
    req.extend_from_slice(b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    stream.write_all(&req).await.unwrap();
    let mut out = Vec::new();
    stream.read_to_end(&mut out).await.unwrap();
    let text = String::from_utf8_lossy(&out).into_owned();
    let status = text[9..12].parse().unwrap();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    (status, head.to_lowercase(), body.to_owned())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_error_path_answers_the_envelope() {
    let api = api().await;
    let big = "x".repeat(sleuths::http::BODY_LIMIT + 1);
    /// Method, path, token, (content type, body), the status and code expected.
    type Case<'a> = (
        Method,
        String,
        Option<&'a str>,
        Option<(&'a str, &'a str)>,
        StatusCode,
        &'a str,
    );
    let cases: Vec<Case> = vec![
        (
            Method::GET,
            "/no/such/route".into(),
            None,
            None,
            StatusCode::NOT_FOUND,
            "no_route",
        ),
        (
            Method::GET,
            "/api/image-status/case-nope".into(),
            None,
            None,
            StatusCode::NOT_FOUND,
            "no_status",
        ),
        (
            Method::GET,
            "/api/case/case-nope".into(),
            None,
            None,
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            Method::GET,
            "/api/case/BAD..ID".into(),
            None,
            None,
            StatusCode::BAD_REQUEST,
            "bad_case_id",
        ),
        (
            Method::PUT,
            "/api/case/today".into(),
            None,
            None,
            StatusCode::METHOD_NOT_ALLOWED,
            "method_not_allowed",
        ),
        (
            Method::GET,
            "/internal/jobs".into(),
            None,
            None,
            StatusCode::UNAUTHORIZED,
            "unauthorized",
        ),
        (
            Method::POST,
            "/api/case/create".into(),
            Some(TOKEN),
            Some(("application/json", "{not json")),
            StatusCode::BAD_REQUEST,
            "bad_json",
        ),
        (
            Method::POST,
            "/api/case/create".into(),
            Some(TOKEN),
            Some(("text/plain", "{}")),
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
        ),
        (
            Method::POST,
            "/api/case/create".into(),
            Some(TOKEN),
            Some(("application/json", &big)),
            StatusCode::PAYLOAD_TOO_LARGE,
            "payload_too_large",
        ),
    ];
    for (method, uri, token, body, status, code) in cases {
        let r = api.call(method.clone(), &uri, token, body).await;
        assert_eq!(r.status, status, "{method} {uri}: {}", r.text());
        assert_eq!(r.json()["code"], code, "{method} {uri}: {}", r.text());
        assert!(
            r.json()["error"].as_str().is_some_and(|e| !e.is_empty()),
            "{method} {uri}"
        );
        assert_eq!(r.headers["content-type"], "application/json", "{method} {uri}");
    }

    // Over the network: a body over the limit announced by Content-Length, and a path that is not UTF-8.
    let (base, stop) = common::serve_in_process(&api.env, TOKEN).await;
    let over = reqwest::Client::new()
        .post(format!("{base}/api/case/create"))
        .bearer_auth(TOKEN)
        .header("content-type", "application/json")
        .body(big.clone())
        .send()
        .await
        .unwrap();
    assert_eq!(over.status(), 413);
    assert_eq!(over.headers()["content-type"], "application/json");
    let v: Value = over.json().await.unwrap();
    assert_eq!(v["code"], "payload_too_large");
    let (status, head, body) = raw_get(&base, b"/api/case/%FF%FE").await;
    assert_eq!(status, 400, "{head}\n{body}");
    assert!(head.contains("content-type: application/json"), "{head}");
    let v: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(v["code"], "bad_request", "{body}");
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_carry_a_csp_without_inline_script_and_every_answer_the_security_headers() {
    let api = api().await;
    for page in ["/", "/admin"] {
        let r = api.get(page).await;
        assert_eq!(r.status, StatusCode::OK, "{page}");
        let csp = r.headers["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("frame-ancestors 'none'"), "{page}: {csp}");
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{page}: {csp}"
        );
        assert_eq!(r.headers["x-frame-options"], "DENY", "{page}");
        // No inline script for the CSP to block: every <script> has a src.
        let html = r.text();
        assert_eq!(
            html.matches("<script").count(),
            html.matches("<script src=").count(),
            "{page}"
        );
    }
    for uri in [
        "/",
        "/admin",
        "/api/case/today",
        "/healthz",
        "/no/such/route",
        "/assets/case.js",
    ] {
        let r = api.get(uri).await;
        assert_eq!(r.headers["x-content-type-options"], "nosniff", "{uri}");
        assert_eq!(r.headers["referrer-policy"], "no-referrer", "{uri}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_bearer_scheme_name_is_case_insensitive() {
    let api = api().await;
    for scheme in ["bearer", "BEARER", "Bearer"] {
        let req = Request::builder()
            .uri("/internal/jobs")
            .header("authorization", format!("{scheme} {TOKEN}"))
            .body(Body::empty())
            .unwrap();
        let res = api.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::OK, "{scheme}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn made_up_methods_create_no_metric_series() {
    let api = api().await;
    for i in 0..2000 {
        let method = Method::from_bytes(format!("X{i:04}{}", "M".repeat(200)).as_bytes()).unwrap();
        let req = Request::builder()
            .method(method)
            .uri("/api/case/today")
            .body(Body::empty())
            .unwrap();
        let res = api.router.clone().oneshot(req).await.unwrap();
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    }
    let metrics = api.get("/metrics").await;
    assert!(
        metrics.body.len() < 100 * 1024,
        "{} bytes of metrics",
        metrics.body.len()
    );
    assert!(metrics.text().contains("method=\"other\""), "{}", metrics.text());
    assert!(!metrics.text().contains("MMMM"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_route_that_waits_for_a_job_answers_202_with_the_job_past_its_limit() {
    let env = env_with(
        FakeProvider {
            latency: Duration::from_millis(200),
            ..Default::default()
        },
        None,
        |c| c.http.wait_limit = Duration::from_millis(300),
    )
    .await;
    let created = env.app.create_case(None).await.unwrap();
    let (base, stop) = common::serve_in_process(&env, TOKEN).await;
    let started = std::time::Instant::now();
    let r = reqwest::Client::new()
        .post(format!("{base}/internal/scheduler/generate-case-images"))
        .bearer_auth(TOKEN)
        .json(&json!({"data": {"caseId": created.case.id}}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 202);
    assert!(started.elapsed() < Duration::from_secs(3), "{:?}", started.elapsed());
    let v: Value = r.json().await.unwrap();
    assert_eq!(
        (v["status"].as_str(), v["jobId"].as_str()),
        (Some("running"), Some(created.job_id.as_str()))
    );
    stop.cancel();
}

/// `GET /healthz` over a fresh connection, with how long it took.
async fn healthz(base: &str) -> (Result<u16, String>, Duration) {
    let started = std::time::Instant::now();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let status = client
        .get(format!("{base}/healthz"))
        .send()
        .await
        .map(|r| r.status().as_u16())
        .map_err(|e| e.to_string());
    (status, started.elapsed())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn idle_and_slow_header_sockets_do_not_stop_healthz_and_are_closed_by_the_timeouts() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let env = env_with(FakeProvider::default(), None, |c| {
        c.http.header_read_timeout = Duration::from_secs(1);
        c.http.idle_timeout = Duration::from_secs(2);
    })
    .await;
    let (base, stop) = common::serve_in_process(&env, TOKEN).await;
    let addr = base.trim_start_matches("http://").to_owned();
    let mut idle = Vec::new();
    for _ in 0..300 {
        idle.push(tokio::net::TcpStream::connect(&addr).await.unwrap());
    }
    let mut slow = Vec::new();
    for _ in 0..50 {
        let mut s = tokio::net::TcpStream::connect(&addr).await.unwrap();
        s.write_all(b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ")
            .await
            .unwrap();
        slow.push(s);
    }
    let (status, took) = healthz(&base).await;
    assert_eq!(status, Ok(200));
    assert!(took < Duration::from_secs(1), "{took:?}");
    // A slow header keeps trickling, yet the header read timeout closes it.
    let started = std::time::Instant::now();
    for _ in 0..8 {
        for s in &mut slow {
            let _ = s.write_all(b"a").await;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    let mut buf = [0u8; 256];
    for s in slow.iter_mut().chain(idle.iter_mut()) {
        let n = tokio::time::timeout(Duration::from_secs(5), s.read(&mut buf)).await;
        // Closed by the server: end of stream (or a reset), possibly after a 408.
        assert!(matches!(n, Ok(Ok(_)) | Ok(Err(_))), "a socket stayed open");
    }
    assert!(started.elapsed() < Duration::from_secs(8));
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_flood_past_the_connection_cap_leaves_the_server_answering_after_it_ends() {
    let env = env_with(FakeProvider::default(), None, |c| c.http.max_connections = 50).await;
    let (base, stop) = common::serve_in_process(&env, TOKEN).await;
    let addr = base.trim_start_matches("http://").to_owned();
    let mut flood = Vec::new();
    for _ in 0..500 {
        if let Ok(s) = tokio::net::TcpStream::connect(&addr).await {
            flood.push(s);
        }
    }
    tokio::time::sleep(Duration::from_millis(200)).await;
    drop(flood);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let (status, _) = healthz(&base).await;
        if status == Ok(200) {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the server stopped answering: {status:?}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    stop.cancel();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_streams_past_the_cap_get_503_with_retry_after() {
    let env = env_with(FakeProvider::default(), None, |c| c.http.max_event_streams = 2).await;
    let created = env.app.create_case(None).await.unwrap();
    let (base, stop) = common::serve_in_process(&env, TOKEN).await;
    let url = format!("{base}/api/image-status/{}/events", created.case.id);
    let client = reqwest::Client::new();
    let first = client.get(&url).send().await.unwrap();
    let second = client.get(&url).send().await.unwrap();
    assert_eq!((first.status().as_u16(), second.status().as_u16()), (200, 200));
    let third = client.get(&url).send().await.unwrap();
    assert_eq!(third.status(), 503);
    assert_eq!(third.headers()["retry-after"], "10");
    let v: Value = third.json().await.unwrap();
    assert_eq!(v["code"], "too_many_streams");
    // A stream that closes gives its place back.
    drop(first);
    let deadline = std::time::Instant::now() + Duration::from_secs(5);
    loop {
        let again = client.get(&url).send().await.unwrap();
        if again.status() == 200 {
            break;
        }
        assert!(
            std::time::Instant::now() < deadline,
            "the closed stream's place never came back"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    drop(second);
    stop.cancel();
}

/// The spend report and the moderator's budget over HTTP: the budget is checked, stored for every
/// process, shown in the report and in `/metrics`, and a body without `dailyUsd` clears nothing.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_budget_is_set_over_http_and_the_report_and_metrics_show_it() {
    let api = api_with(FakeProvider {
        price: 40_000,
        ..Default::default()
    })
    .await;
    let case = api.painted_case().await;
    let r = api.admin(Method::GET, "/internal/spend?days=3", None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    let report = r.json();
    assert_eq!(report["days"].as_array().unwrap().len(), 3);
    assert_eq!(report["budgetSource"], "none");
    assert_eq!(report["budgetUsd"], Value::Null);
    let today = &report["days"][2];
    assert_eq!(today["day"], report["today"]);
    assert_eq!(
        (today["calls"].as_u64(), today["pictures"].as_u64()),
        (Some(15), Some(15))
    );
    assert!((today["spentUsd"].as_f64().unwrap() - 0.60).abs() < 1e-9, "{today}");
    assert_eq!(today["models"][0]["model"], "fake-model");
    let status = api
        .get(&format!("/api/image-status/{}", case["id"].as_str().unwrap()))
        .await
        .json();
    assert!((status["costUsd"].as_f64().unwrap() - 0.60).abs() < 1e-9, "{status}");

    for (body, code) in [
        (r#"{"dailyUsd": -1}"#, "bad_budget"),
        (r#"{"dailyUsd": 1e12}"#, "bad_budget"),
        (r#"{"dailyUsd": "5"}"#, ""),
        (r#"{}"#, ""),
        (r#"{"dailyUsd": 5, "other": 1}"#, ""),
    ] {
        let r = api.admin(Method::PUT, "/internal/budget", Some(body)).await;
        assert!(r.status.is_client_error(), "{body}: {} {}", r.status, r.text());
        assert!(r.json()["code"].is_string(), "{body}: {}", r.text());
        if !code.is_empty() {
            assert_eq!(r.json()["code"], code, "{body}");
        }
    }
    assert_eq!(
        api.env.store.stored_budget().await.unwrap(),
        None,
        "a refused body stores nothing"
    );
    for uri in [
        "/internal/spend?days=0",
        "/internal/spend?days=367",
        "/internal/spend?days=x",
    ] {
        let r = api.admin(Method::GET, uri, None).await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{uri}: {}", r.text());
    }

    let r = api
        .admin(Method::PUT, "/internal/budget", Some(r#"{"dailyUsd": 2.5}"#))
        .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text());
    assert_eq!(
        (r.json()["budgetUsd"].as_f64(), r.json()["budgetSource"].as_str()),
        (Some(2.5), Some("moderator"))
    );
    assert_eq!(api.env.store.stored_budget().await.unwrap(), Some(2_500_000));
    let metrics = api.get("/metrics").await.text();
    assert!(metrics.contains("sleuths_budget_daily_usd 2.5"), "{metrics}");
    assert!(metrics.contains("sleuths_spend_today_usd 0.6"), "{metrics}");
    assert!(
        metrics.contains(r#"sleuths_spend_usd_total{provider="fake",model="fake-model"} 0.6"#),
        "{metrics}"
    );
    let r = api
        .admin(Method::PUT, "/internal/budget", Some(r#"{"dailyUsd": null}"#))
        .await;
    assert_eq!(r.json()["budgetSource"], "none");
    assert_eq!(api.env.store.stored_budget().await.unwrap(), None);
}

/// A case made ahead of its date stays off the player routes until its day (today's case, the case, its
/// status, its stream and its pictures); moderators see it ahead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_case_of_a_coming_date_is_hidden_from_players_until_its_day() {
    let clock = sleuths::clock::ManualClock::new(common::MIDNIGHT + common::HOUR);
    let env = env_with(FakeProvider::default(), Some(clock.clone()), |_| {}).await;
    let router = router(AppState::new(env.app.clone(), TOKEN));
    let api = Api { env, router };
    let tomorrow = chrono::NaiveDate::from_ymd_opt(2026, 11, 29).unwrap();
    let id = api.env.app.create_case(Some(tomorrow)).await.unwrap().case.id;
    api.env.drain().await;
    let picture = format!("/images/{id}/location-0.jpg");
    let player_routes = [
        format!("/api/case/{id}"),
        format!("/api/image-status/{id}"),
        format!("/api/image-status/{id}/events"),
        picture.clone(),
    ];
    let r = api.get("/api/case/today").await;
    assert_eq!(
        r.status,
        StatusCode::NOT_FOUND,
        "tomorrow's case does not stand in for today's: {}",
        r.text()
    );
    for uri in &player_routes {
        let r = api.get(uri).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{uri}: {}", r.text());
        assert!(r.json()["code"].is_string(), "{uri}: the envelope");
        if !uri.ends_with("/events") {
            let r = api.call(Method::GET, uri, Some(TOKEN), None).await;
            assert_eq!(r.status, StatusCode::OK, "a moderator sees {uri} ahead");
            // No shared cache may keep what only the token shows, nor serve it to anyone else.
            assert_eq!(r.headers["cache-control"], "private, no-store", "{uri}");
            assert_eq!(r.headers["vary"], "Authorization", "{uri}");
        }
    }
    for uri in ["/internal/jobs", "/internal/spend", "/internal/cases"] {
        let r = api.call(Method::GET, uri, Some(TOKEN), None).await;
        assert_eq!(r.status, StatusCode::OK, "{uri}");
        assert_eq!(r.headers["cache-control"], "private, no-store", "{uri}");
        assert_eq!(r.headers["vary"], "Authorization", "{uri}");
    }
    let today = api.env.app.create_case(None).await.unwrap().case.id;
    assert_eq!(api.get("/api/case/today").await.json()["id"], today.as_str());

    // Its day comes.
    clock.set(common::MIDNIGHT + common::DAY + 60_000);
    assert_eq!(api.get("/api/case/today").await.json()["id"], id.as_str());
    for uri in player_routes.iter().filter(|u| !u.ends_with("/events")) {
        assert_eq!(api.get(uri).await.status, StatusCode::OK, "{uri} on its day");
    }
}

/// What the HTTP parser answers before any route sees the request, as docs/http.md says: 431 for
/// headers past its limit, 400 for a request line that is not HTTP/1.1; no body, the connection closed.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_parser_answers_431_for_oversized_headers_and_400_for_a_malformed_request_line() {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let env = common::env().await;
    let (base, stop) = common::serve_in_process(&env, TOKEN).await;
    let addr = base.trim_start_matches("http://").to_owned();
    // Well past the parser's buffer: at 500 KB whether it answers 431 depends on how the bytes arrive.
    let big = format!("X-Big: {}\r\n", "a".repeat(2_000_000));
    for (request, status) in [
        (
            format!("GET / HTTP/1.1\r\nHost: t\r\n{big}\r\n"),
            "431 Request Header Fields Too Large",
        ),
        ("G@T / HTTP/1.1\r\nHost: t\r\n\r\n".to_owned(), "400 Bad Request"),
        ("GET / HTTP/9.9\r\nHost: t\r\n\r\n".to_owned(), "400 Bad Request"),
    ] {
        let mut stream = tokio::net::TcpStream::connect(&addr).await.unwrap();
        let _ = stream.write_all(request.as_bytes()).await;
        // The head of the answer (the server may keep reading what is left of the request).
        let mut answer = Vec::new();
        tokio::time::timeout(Duration::from_secs(10), async {
            let mut buf = [0u8; 1024];
            while !answer.windows(4).any(|w| w == b"\r\n\r\n") {
                match stream.read(&mut buf).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => answer.extend_from_slice(&buf[..n]),
                }
            }
        })
        .await
        .expect("the server answers");
        let answer = String::from_utf8_lossy(&answer).to_lowercase();
        assert!(
            answer.starts_with(&format!("http/1.1 {}", status.to_lowercase())),
            "{request:.60}: {answer}"
        );
        assert!(
            answer.contains("content-length: 0") && answer.contains("connection: close"),
            "{answer}"
        );
    }
    stop.cancel();
}
