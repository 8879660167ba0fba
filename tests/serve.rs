//! `sleuths serve` as a real process on a free port: start-up, a case over HTTP, events, pictures, SIGTERM.

mod common;

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use futures_util::StreamExt;
use serde_json::Value;

struct Server {
    child: Child,
    base: String,
    _dir: tempfile::TempDir,
    dir_path: std::path::PathBuf,
    printed: Vec<String>,
}

fn start(args: &[&str], config: &str) -> Server {
    let dir = tempfile::tempdir().unwrap();
    let config_path = dir.path().join("sleuths.toml");
    std::fs::write(
        &config_path,
        format!("data_dir = {:?}\nlog_level = \"info\"\n{config}", dir.path()),
    )
    .unwrap();
    let log = std::fs::File::create(dir.path().join("serve.log")).unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&config_path)
        .args(["serve", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(log)
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    std::thread::spawn(move || lines.for_each(drop));
    let base = first
        .split("http://")
        .nth(1)
        .unwrap()
        .split('/')
        .next()
        .unwrap()
        .to_owned();
    let dir_path = dir.path().to_path_buf();
    Server {
        child,
        base: format!("http://{base}"),
        _dir: dir,
        dir_path,
        printed: vec![first, second],
    }
}

impl Server {
    fn stop(mut self) -> std::process::ExitStatus {
        Command::new("kill")
            .args(["-TERM", &self.child.id().to_string()])
            .status()
            .unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                return status;
            }
            assert!(Instant::now() < deadline, "serve did not stop after SIGTERM");
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_real_binary_creates_a_case_over_http_streams_it_to_completed_and_serves_every_picture() {
    let server = start(&["--admin-token", "e2e-token"], "image_latency = \"100ms\"\n");
    assert!(server.printed[1].contains("--admin-token"), "{:?}", server.printed);
    let http = reqwest::Client::new();
    let base = &server.base;

    assert_eq!(http.get(format!("{base}/healthz")).send().await.unwrap().status(), 200);
    let unauthorized = http
        .post(format!("{base}/api/case/create"))
        .bearer_auth("nope")
        .send()
        .await
        .unwrap();
    assert_eq!(unauthorized.status(), 401);
    let created: Value = http
        .post(format!("{base}/api/case/create"))
        .bearer_auth("e2e-token")
        .json(&serde_json::json!({}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["case"]["id"].as_str().unwrap().to_owned();

    // Follow the event stream until the server closes it.
    let res = http
        .get(format!("{base}/api/image-status/{id}/events"))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let mut body = String::new();
    let mut stream = res.bytes_stream();
    let read = async {
        while let Some(chunk) = stream.next().await {
            body.push_str(&String::from_utf8_lossy(&chunk.unwrap()));
        }
    };
    tokio::time::timeout(Duration::from_secs(120), read)
        .await
        .expect("the stream ended");
    let events: Vec<Value> = body
        .split("\n\n")
        .filter_map(|c| {
            c.lines()
                .find_map(|l| l.strip_prefix("data: "))
                .map(|d| serde_json::from_str(d).unwrap())
        })
        .collect();
    let last = events.last().unwrap();
    assert_eq!(last["status"], "completed");
    assert_eq!(last["progress"]["current"], 15);
    assert!(events.len() >= 3, "{} events", events.len());

    // Every picture (and thumbnail) is served and decodes.
    let case: Value = http
        .get(format!("{base}/api/case/{id}"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let mut urls = Vec::new();
    for (list, field) in [
        ("locations", "imageUrl"),
        ("suspects", "profileImageUrl"),
        ("evidence", "imageUrl"),
    ] {
        for item in case[list].as_array().unwrap() {
            urls.push(item[field].as_str().unwrap().to_owned());
        }
    }
    assert_eq!(urls.len(), 15);
    for url in &urls {
        for u in [url.clone(), url.replace(".jpg?", ".thumb.jpg?")] {
            let res = http.get(format!("{base}{u}")).send().await.unwrap();
            assert_eq!(res.status(), 200, "{u}");
            assert_eq!(res.headers()["content-type"], "image/jpeg");
            let bytes = res.bytes().await.unwrap();
            let img = image::load_from_memory(&bytes).unwrap();
            assert!(img.width() > 0 && img.width().max(img.height()) <= 1024, "{u}");
        }
    }
    let status = server.stop();
    assert!(status.success(), "exit status {status:?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fresh_data_directory_starts_with_today_s_case_and_a_kept_moderator_token() {
    let server = start(&[], "");
    let token_file = server.dir_path.join("admin-token");
    let token = std::fs::read_to_string(&token_file).unwrap();
    assert!(server.printed[1].contains(token.trim()), "{:?}", server.printed);
    let http = reqwest::Client::new();
    let base = &server.base;
    let today = format!("case-{}", chrono::Utc::now().format("%Y-%m-%d"));
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        let res = http
            .get(format!("{base}/api/image-status/{today}"))
            .send()
            .await
            .unwrap();
        if res.status() == 200 {
            let s: Value = res.json().await.unwrap();
            if s["status"] == "completed" {
                break s;
            }
        }
        assert!(Instant::now() < deadline, "today's case was not painted");
        tokio::time::sleep(Duration::from_millis(200)).await;
    };
    assert_eq!(status["progress"]["current"], 15);
    let case: Value = http
        .get(format!("{base}/api/case/today"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(case["id"], today);
    let jobs = http
        .get(format!("{base}/internal/jobs"))
        .bearer_auth(token.trim())
        .send()
        .await
        .unwrap();
    assert_eq!(jobs.status(), 200);
    assert!(server.stop().success());
}

impl Drop for Server {
    /// A failed assertion must not leave the server running.
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn a_serve_on_a_port_in_use_fails_and_leaves_nothing_behind() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let out = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--data-dir")
        .arg(&data)
        .args(["serve", "--port", &port])
        .output()
        .unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("Failed to listen on 127.0.0.1:{port}")), "{err}");
    assert!(!data.exists(), "no data directory, database or token was made");
}

#[test]
fn a_second_serve_on_the_same_data_directory_says_another_process_serves_it() {
    let first = start(&[], "");
    assert!(
        first.printed.iter().all(|l| !l.contains("already serves")),
        "{:?}",
        first.printed
    );
    let mut second = common::KillOnDrop(
        Command::new(env!("CARGO_BIN_EXE_sleuths"))
            .arg("--config")
            .arg(first.dir_path.join("sleuths.toml"))
            .args(["serve", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    let stdout = second.0.stdout.take().unwrap();
    let lines: Vec<String> = BufReader::new(stdout).lines().take(3).map(|l| l.unwrap()).collect();
    let pid = first.child.id().to_string();
    assert!(
        lines
            .get(2)
            .is_some_and(|l| l.contains(&format!("process {pid} already serves"))),
        "the second serve says who serves the directory: {lines:?}"
    );
    drop(second);
    first.stop();
}
