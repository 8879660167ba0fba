//! Many real processes sharing one real Redis: workers, serve processes, kills, a Redis restart, cron.

mod common;

use common::cluster::{self, Cluster};
use common::redis::{OwnCluster, OwnRedis};

use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

/// A case's status record as a serve process answers it.
fn image_status(http: &reqwest::blocking::Client, base: &str, case_id: &str) -> Value {
    http.get(format!("{base}/api/image-status/{case_id}"))
        .send()
        .unwrap()
        .json()
        .unwrap()
}

const FAST: &str = "image_latency = \"50ms\"\n[scheduler]\nlease = \"2s\"\npoll = \"200ms\"\n";

#[test]
fn three_workers_and_a_serve_process_paint_ten_cases_with_each_slot_painted_once() {
    let mut c = Cluster::new(&common::redis_url(), FAST);
    let base = c.serve(&["--no-worker"]);
    let http = reqwest::blocking::Client::new();
    let cases = cluster::create_cases(&http, &base, 10);
    // The serve process paints nothing itself, yet streams what the workers paint (Redis pub/sub).
    let events_url = format!("{base}/api/image-status/{}/events", cases[9]);
    let client = reqwest::blocking::Client::builder().timeout(None).build().unwrap();
    let mut res = client.get(events_url).send().unwrap();
    // The first record has arrived before any worker starts, so the stream is subscribed by then.
    let mut first = Vec::new();
    let mut byte = [0u8; 1];
    while !first.ends_with(b"\n\n") {
        std::io::Read::read_exact(&mut res, &mut byte).expect("the first record arrives");
        first.push(byte[0]);
    }
    // Once read through `Read`, the rest of the body must be read the same way (`text()` would see none).
    let stream = std::thread::spawn(move || {
        let mut rest = String::new();
        std::io::Read::read_to_string(&mut res, &mut rest).unwrap();
        String::from_utf8(first).unwrap() + &rest
    });
    c.workers(3, &["--no-cron"]);
    c.wait_completed(&cases, Duration::from_secs(120));
    let events: Vec<Value> = stream
        .join()
        .unwrap()
        .split("\n\n")
        .filter_map(|e| {
            e.lines()
                .find_map(|l| l.strip_prefix("data: "))
                .map(|d| serde_json::from_str(d).unwrap())
        })
        .collect();
    assert_eq!(events.first().unwrap()["status"], "pending");
    assert_eq!(events.last().unwrap()["status"], "completed");
    assert!(events.len() >= 3, "the stream carried {} events", events.len());
    let calls = c.calls();
    assert_eq!(calls.len(), 150, "every slot of every case was painted");
    assert!(calls.values().all(|n| *n == 1), "a slot was painted twice: {calls:?}");
    for id in &cases {
        let s = image_status(&http, &base, id);
        assert_eq!(s["progress"]["current"], 15);
    }
}

#[test]
fn a_killed_worker_s_jobs_are_taken_over_after_the_lease_repainting_only_slots_in_flight() {
    let mut c = Cluster::new(&common::redis_url(), &FAST.replace("50ms", "300ms"));
    let workers = c.workers(3, &["--no-cron"]);
    let cases: Vec<String> = (0..3).map(|_| c.run(&["case", "create"]).trim().to_owned()).collect();
    let deadline = Instant::now() + Duration::from_secs(60);
    while c.calls().len() < 12 {
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    // Freeze the others, kill one, and count what was in flight at that instant.
    c.signal(workers[1], "-STOP");
    c.signal(workers[2], "-STOP");
    c.signal(workers[0], "-KILL");
    std::thread::sleep(Duration::from_millis(100));
    let called: usize = c.calls().values().sum();
    let finished: u64 = cases
        .iter()
        .map(|id| c.status(id)["progress"]["current"].as_u64().unwrap())
        .sum();
    c.signal(workers[1], "-CONT");
    c.signal(workers[2], "-CONT");
    let in_flight = called - finished as usize;
    eprintln!("killed with {called} calls made and {finished} slots finished: {in_flight} in flight");
    c.wait_completed(&cases, Duration::from_secs(120));
    let total: usize = c.calls().values().sum();
    assert!(
        total <= 45 + in_flight,
        "{total} calls for 45 slots with {in_flight} in flight at the kill"
    );
}

#[test]
fn ten_simultaneous_triggers_for_one_case_over_three_processes_give_one_job() {
    let mut c = Cluster::new(&common::redis_url(), FAST);
    let case_id = c.run(&["case", "create"]).trim().to_owned();
    let queued: Value = serde_json::from_str(&c.run(&["jobs", "list", "--json"])).unwrap();
    let first = queued["jobs"][0]["id"].as_str().unwrap().to_owned();
    c.run(&["jobs", "cancel", &first]);
    let bases: Vec<String> = (0..3).map(|_| c.serve(&["--no-worker"])).collect();
    let handles: Vec<_> = (0..10)
        .map(|i| {
            let url = format!("{}/api/case/{case_id}/generate-images", bases[i % 3]);
            std::thread::spawn(move || {
                let v: Value = reqwest::blocking::Client::new()
                    .post(url)
                    .bearer_auth("t")
                    .send()
                    .unwrap()
                    .json()
                    .unwrap();
                v["jobId"].as_str().unwrap().to_owned()
            })
        })
        .collect();
    let mut ids: Vec<String> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 1, "{ids:?}");
    assert_ne!(ids[0], first);
}

#[test]
fn jobs_list_json_is_the_list_the_api_answers() {
    let mut c = Cluster::new(&common::redis_url(), FAST);
    let base = c.serve(&["--no-worker"]);
    for _ in 0..2 {
        c.run(&["case", "create"]);
    }
    let http = reqwest::blocking::Client::new();
    let answered = |query: &str| -> Value {
        http.get(format!("{base}/internal/jobs{query}"))
            .bearer_auth("t")
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    let printed = |args: &[&str]| -> Value {
        serde_json::from_str(&c.run(&[&["jobs", "list", "--json"], args].concat())).unwrap()
    };
    let all = answered("");
    assert_eq!(printed(&[]), all);
    let kinds: Vec<&str> = all["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| j["kind"].as_str().unwrap())
        .collect();
    // Two image jobs (a serve without a worker registers no schedule).
    assert_eq!(kinds, ["once", "once"], "{all}");
    assert_eq!(
        printed(&["--state", "queued", "--limit", "1"]),
        answered("?state=queued&limit=1")
    );
    assert_eq!(answered("?state=queued&limit=1")["jobs"].as_array().unwrap().len(), 1);
}

#[test]
fn three_schedulers_fire_each_occurrence_of_a_short_cron_once() {
    let mut c = Cluster::new(
        &common::redis_url(),
        "[scheduler]\npoll = \"100ms\"\ncron_grace = \"1s\"\n[scheduler.tasks.daily-case-generation]\ncron = \"*/2 * * * * *\"\n",
    );
    let workers = c.workers(3, &[]);
    // Every occurrence's job, as listed: until four occurrences have fired.
    let fired = |c: &Cluster| {
        let jobs: Value = serde_json::from_str(&c.run(&["jobs", "list", "--json", "--limit", "1000"])).unwrap();
        let mut per_occurrence: BTreeMap<i64, usize> = BTreeMap::new();
        for j in jobs["jobs"].as_array().unwrap() {
            if j["kind"] == "once" && j["name"] == "daily-case-generation" {
                *per_occurrence.entry(j["occurrence"].as_i64().unwrap()).or_default() += 1;
            }
        }
        per_occurrence
    };
    let deadline = Instant::now() + Duration::from_secs(30);
    while fired(&c).len() < 4 {
        assert!(
            Instant::now() < deadline,
            "fewer than 4 occurrences in 30 s: {:?}",
            fired(&c)
        );
        std::thread::sleep(Duration::from_millis(200));
    }
    for w in workers {
        c.signal(w, "-TERM");
    }
    let per_occurrence = fired(&c);
    assert!(
        per_occurrence.len() >= 3,
        "too few occurrences fired: {per_occurrence:?}"
    );
    assert!(
        per_occurrence.values().all(|n| *n == 1),
        "an occurrence fired twice: {per_occurrence:?}"
    );
    let occurrences: Vec<i64> = per_occurrence.keys().copied().collect();
    assert!(
        occurrences.windows(2).all(|w| w[1] - w[0] == 2000),
        "a 2 s occurrence was missed: {occurrences:?}"
    );
}

#[test]
fn redis_stopped_and_restarted_mid_run_loses_no_job() {
    let redis_dir = tempfile::tempdir().unwrap();
    let mut redis = OwnRedis::start(redis_dir.path());
    let mut c = Cluster::new(&redis.url(), &FAST.replace("50ms", "200ms"));
    let cases: Vec<String> = (0..3).map(|_| c.run(&["case", "create"]).trim().to_owned()).collect();
    c.workers(2, &["--no-cron"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while c.calls().len() < 8 {
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    redis.down();
    // The outage itself, not a wait for an event: as long as a lease (2 s), so the leases of the jobs in
    // flight run out in it.
    std::thread::sleep(Duration::from_secs(2));
    redis.up();
    c.wait_completed(&cases, Duration::from_secs(120));
    for id in &cases {
        let s = c.status(id);
        assert_eq!(
            (
                s["progress"]["current"].as_u64(),
                s["images"]["evidence"].as_array().unwrap().len()
            ),
            (Some(15), 8)
        );
    }
    let jobs: Value = serde_json::from_str(&c.run(&["jobs", "list", "--json"])).unwrap();
    let images_jobs: Vec<&Value> = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["name"] == "generate-case-images")
        .collect();
    assert_eq!(images_jobs.len(), 3);
    assert!(images_jobs.iter().all(|j| j["state"] == "completed"), "{images_jobs:?}");
}

/// An S3-compatible server of its own (moto's `moto_server`, from PyPI; `scripts/test` installs it), with
/// one bucket.
struct S3Server {
    port: u16,
    child: Child,
}

impl S3Server {
    fn start(bucket: &str) -> S3Server {
        // scripts/test installs moto into a venv and names its server here; else the one on PATH.
        let bin = std::env::var("SLEUTHS_TEST_MOTO_SERVER").unwrap_or_else(|_| "moto_server".into());
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(&bin)
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("{bin} ({e}): the PyPI package moto[s3] (with flask and flask-cors) is needed; scripts/test installs it"));
        let server = S3Server { port, child };
        let http = reqwest::blocking::Client::new();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            // moto accepts an unsigned bucket creation.
            match http.put(format!("{}/{bucket}", server.url())).send() {
                Ok(r) if r.status().is_success() => break,
                Ok(r) => panic!("creating the bucket: {}", r.status()),
                Err(_) => assert!(Instant::now() < deadline, "moto_server did not start"),
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        server
    }

    fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What a process needs to reach the bucket: the standard AWS variables.
    fn env(&self) -> Vec<(String, String)> {
        [
            ("AWS_ACCESS_KEY_ID", "sleuths-test"),
            ("AWS_SECRET_ACCESS_KEY", "sleuths-test-secret"),
            ("AWS_REGION", "us-east-1"),
            ("AWS_ENDPOINT_URL", &self.url()),
            ("AWS_ALLOW_HTTP", "true"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect()
    }
}

impl Drop for S3Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn workers_and_a_server_on_separate_machines_share_pictures_through_an_s3_bucket() {
    let s3 = S3Server::start("pictures");
    let mut c = Cluster::new(
        &common::redis_url(),
        &format!("images = \"s3://pictures/armchair\"\n{FAST}"),
    );
    c.envs = s3.env();
    // Two machines: nothing on disk is shared, only Redis and the bucket.
    let machine_a = c.dir.path().join("machine-a");
    let machine_b = c.dir.path().join("machine-b");
    let base = c.serve(&["--no-worker", "--data-dir", machine_b.to_str().unwrap()]);
    let http = reqwest::blocking::Client::new();
    let cases = cluster::create_cases(&http, &base, 2);
    c.workers(2, &["--no-cron", "--data-dir", machine_a.to_str().unwrap()]);
    c.wait_completed(&cases, Duration::from_secs(120));

    for id in &cases {
        let s = image_status(&http, &base, id);
        let urls: Vec<String> = ["locations", "suspects", "evidence"]
            .iter()
            .flat_map(|k| s["images"][k].as_array().unwrap().clone())
            .map(|u| u.as_str().expect("every slot painted").to_owned())
            .collect();
        assert_eq!(urls.len(), 15, "{s}");
        for url in urls {
            let thumb = url.replace(".jpg?", ".thumb.jpg?");
            for u in [url, thumb] {
                // Served by machine B, painted on machine A.
                let res = http.get(format!("{base}{u}")).send().unwrap();
                assert_eq!(res.status(), 200, "{u}");
                assert_eq!(res.headers()["content-type"], "image/jpeg");
                let bytes = res.bytes().unwrap();
                image::load_from_memory(&bytes).unwrap_or_else(|e| panic!("{u} does not decode: {e}"));
            }
        }
    }
    for machine in [&machine_a, &machine_b] {
        assert!(
            !machine.join("images").exists(),
            "{} wrote pictures to disk",
            machine.display()
        );
    }
    let missing = http
        .get(format!("{base}/images/{}/location-9.jpg", cases[0]))
        .send()
        .unwrap();
    assert_eq!(missing.status(), 404);

    // The bucket goes away: readiness says so within seconds, and the process keeps answering.
    assert_eq!(http.get(format!("{base}/readyz")).send().unwrap().status(), 200);
    drop(s3);
    let asked = Instant::now();
    let ready = http.get(format!("{base}/readyz")).send().unwrap();
    assert_eq!(ready.status(), 503);
    assert_eq!(
        ready.json::<Value>().unwrap()["error"],
        "the image store is unavailable"
    );
    assert!(
        asked.elapsed() < Duration::from_secs(20),
        "readyz took {:?}",
        asked.elapsed()
    );
    assert_eq!(http.get(format!("{base}/healthz")).send().unwrap().status(), 200);
}

/// Every picture of the cases, each slot painted once, one completed image job per case.
fn assert_painted_once(c: &Cluster, cases: &[String], at_most_per_slot: usize) {
    for id in cases {
        let s = c.status(id);
        assert_eq!(s["progress"]["current"].as_u64(), Some(15), "{id}: {s}");
    }
    let calls = c.calls();
    assert_eq!(calls.len(), cases.len() * 15, "slots painted: {calls:?}");
    let most = calls.values().copied().max().unwrap_or(0);
    assert!(most <= at_most_per_slot, "a slot was painted {most} times: {calls:?}");
    let jobs: Value = serde_json::from_str(&c.run(&["jobs", "list", "--json"])).unwrap();
    let images: Vec<&Value> = jobs["jobs"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|j| j["name"] == "generate-case-images")
        .collect();
    assert_eq!(images.len(), cases.len(), "{images:?}");
    assert!(images.iter().all(|j| j["state"] == "completed"), "{images:?}");
}

#[test]
fn serve_and_two_workers_on_a_redis_cluster_paint_three_cases_each_slot_once() {
    let dir = tempfile::tempdir().unwrap();
    let cluster = OwnCluster::start(dir.path());
    let mut c = Cluster::new(&cluster.url(), FAST);
    let base = c.serve(&["--no-worker"]);
    c.workers(2, &["--no-cron"]);
    let http = reqwest::blocking::Client::new();
    let cases: Vec<String> = (0..3)
        .map(|_| {
            let v: Value = http
                .post(format!("{base}/api/case/create"))
                .bearer_auth("t")
                .json(&serde_json::json!({}))
                .send()
                .unwrap()
                .json()
                .unwrap();
            v["case"]["id"].as_str().unwrap().to_owned()
        })
        .collect();
    c.wait_completed(&cases, Duration::from_secs(120));
    assert_painted_once(&c, &cases, 1);
    // The status event stream works through the cluster client's pub/sub: a finished case's stream
    // sends its record and ends.
    let events = http
        .get(format!("{base}/api/image-status/{}/events", cases[0]))
        .send()
        .unwrap()
        .text()
        .unwrap();
    assert!(events.contains("\"status\":\"completed\""), "{events}");
}

#[test]
fn a_cluster_master_stopped_and_restarted_mid_run_loses_no_job() {
    let dir = tempfile::tempdir().unwrap();
    let mut cluster = OwnCluster::start(dir.path());
    let mut c = Cluster::new(&cluster.url(), &FAST.replace("50ms", "200ms"));
    let cases: Vec<String> = (0..3).map(|_| c.run(&["case", "create"]).trim().to_owned()).collect();
    c.serve(&["--no-worker"]);
    c.workers(2, &["--no-cron"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    while c.calls().len() < 8 {
        assert!(Instant::now() < deadline, "no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    // The master that holds the deployment's slot (all its keys share one hash tag).
    let tag = sleuths::store::tagged_prefix(&c.prefix);
    let owner = cluster.owner_of(tag.trim_end_matches(':'));
    cluster.nodes[owner].down();
    // The outage itself, not a wait for an event: longer than a lease (2 s), so the leases of the jobs
    // in flight run out in it.
    std::thread::sleep(Duration::from_secs(3));
    cluster.nodes[owner].up();
    cluster.wait_ok();
    c.wait_completed(&cases, Duration::from_secs(180));
    // A picture whose record could not be written while its master was down is painted again by the
    // job's next run; nothing is painted more than twice and no job is lost or doubled.
    assert_painted_once(&c, &cases, 2);
}

/// Three worker processes on one Redis share one daily budget worth 20 pictures: exactly 20 paid calls
/// reach the provider, every job pauses with the budget's reason, and a budget raised over HTTP resumes
/// them all, each slot still painted once.
#[test]
fn three_worker_processes_share_a_budget_worth_20_pictures_and_a_raised_budget_resumes_them() {
    // A picture reports 995 tokens and its caption 5: 1,000 output tokens at $40 a million is $0.04, the
    // price each call reserves.
    let fake = common::fake::FakeServer::start(&["--image-tokens", "995", "--latency-ms", "30"]);
    let extra = format!(
        "image_provider = \"gemini\"\n[gemini]\nbase_url = {:?}\napi_key = \"test-key\"\nimage_model = \"budget-model\"\n\
         [budget]\ndaily_usd = 0.8\n[prices.\"budget-model\"]\noutput_per_million = 40.0\ninput_per_million = 0.0\n\
         picture = 0.04\n[scheduler]\nlease = \"2s\"\npoll = \"200ms\"\n",
        fake.base
    );
    let mut c = Cluster::new(&common::redis_url(), &extra);
    let base = c.serve(&["--no-worker"]);
    let http = reqwest::blocking::Client::new();
    let cases = cluster::create_cases(&http, &base, 3);
    c.workers(3, &["--no-cron"]);
    let deadline = Instant::now() + Duration::from_secs(60);
    for id in &cases {
        loop {
            let s = image_status(&http, &base, id);
            if s["pausedReason"]
                .as_str()
                .is_some_and(|r| r.starts_with("the daily budget of $0.80 is spent"))
            {
                assert_eq!(s["status"], "generating", "{s}");
                break;
            }
            assert!(Instant::now() < deadline, "{id} did not pause for the budget: {s}");
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    let stats: Value = http
        .get(format!("{}/_stats", fake.base))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(
        stats["calls"], 20,
        "exactly 20 paid calls across three processes: {stats}"
    );
    let report: Value = serde_json::from_str(&c.run(&["spend", "--days", "1", "--json"])).unwrap();
    let today = &report["days"][0];
    assert_eq!(
        (today["calls"].as_u64(), today["pictures"].as_u64()),
        (Some(20), Some(20)),
        "{report}"
    );
    assert!((today["spentUsd"].as_f64().unwrap() - 0.80).abs() < 1e-9, "{report}");
    assert_eq!(today["reservedUsd"], 0.0, "{report}");

    let raised: Value = http
        .put(format!("{base}/internal/budget"))
        .bearer_auth("t")
        .json(&serde_json::json!({ "dailyUsd": 5.0 }))
        .send()
        .unwrap()
        .json()
        .unwrap();
    assert_eq!(raised["budgetSource"], "moderator", "{raised}");
    assert_eq!(raised["jobsResumed"], 3, "{raised}");
    c.wait_completed(&cases, Duration::from_secs(60));
    let calls = c.calls();
    assert_eq!(calls.len(), 45, "every slot painted");
    assert!(calls.values().all(|n| *n == 1), "a slot was painted twice: {calls:?}");
    let report: Value = serde_json::from_str(&c.run(&["spend", "--days", "1", "--json"])).unwrap();
    assert!(
        (report["days"][0]["spentUsd"].as_f64().unwrap() - 1.80).abs() < 1e-9,
        "{report}"
    );
}

/// A worker process killed (SIGKILL) in the middle of polling a batch: another process takes the job
/// over after the lease and polls the same batch on the record; the provider saw one submit, and the
/// case painted ahead got no live picture.
#[test]
fn a_worker_killed_while_polling_a_batch_leaves_the_same_batch_to_the_next() {
    let fake = common::fake::FakeServer::start(&["--batch-polls", "2"]);
    let extra = format!(
        "image_provider = \"gemini\"\n[gemini]\nbase_url = {:?}\napi_key = \"test-key\"\nimage_model = \"ahead-model\"\n\
         [daily]\npaint_ahead = \"24h\"\nbatch_deadline = \"1m\"\nbatch_poll = \"1s\"\n\
         [scheduler]\nlease = \"2s\"\npoll = \"200ms\"\n",
        fake.base
    );
    let mut c = Cluster::new(&common::redis_url(), &extra);
    let first = c.workers(1, &["--no-cron"])[0];
    let base = c.serve(&["--no-worker"]);
    let http = reqwest::blocking::Client::new();
    let res = http
        .post(format!("{base}/internal/scheduler/daily-case"))
        .bearer_auth("t")
        .send()
        .unwrap();
    assert!(res.status().is_success(), "{}", res.text().unwrap());
    let today = chrono::Utc::now().date_naive();
    let (today, tomorrow) = (
        format!("case-{}", today.format("%Y-%m-%d")),
        format!("case-{}", today.succ_opt().unwrap().format("%Y-%m-%d")),
    );
    c.wait_completed(std::slice::from_ref(&today), Duration::from_secs(60));
    c.wait_for(
        &tomorrow,
        |s| s["batch"]["id"] == "batches/fake-1",
        Duration::from_secs(30),
    );
    let stats = |http: &reqwest::blocking::Client| -> Value {
        http.get(format!("{}/_stats", fake.base))
            .send()
            .unwrap()
            .json()
            .unwrap()
    };
    // The next poll hangs at the provider; the worker is killed while it waits for the answer.
    let polls = stats(&http)["batch_polls"].as_u64().unwrap();
    http.post(format!("{}/_control", fake.base))
        .json(&serde_json::json!({ "latencyMs": 30_000 }))
        .send()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while stats(&http)["batch_polls"].as_u64().unwrap() == polls {
        assert!(Instant::now() < deadline, "the worker never polled");
        std::thread::sleep(Duration::from_millis(50));
    }
    c.signal(first, "-KILL");
    http.post(format!("{}/_control", fake.base))
        .json(&serde_json::json!({ "latencyMs": 0 }))
        .send()
        .unwrap();

    c.workers(1, &["--no-cron"]);
    let s = c.wait_for(&tomorrow, |s| s["status"] == "completed", Duration::from_secs(60));
    assert_eq!(
        (s["progress"]["current"].as_u64(), s["batch"]["id"].as_str()),
        (Some(15), Some("batches/fake-1"))
    );
    assert_eq!(s["batch"]["state"], "SUCCEEDED", "{s}");
    let st = stats(&http);
    assert_eq!(st["batch_submits"], 1, "one submit: {st}");
    assert_eq!(
        st["calls"], 16,
        "today's 15 live pictures and the one submit, no live picture of tomorrow's: {st}"
    );
}
