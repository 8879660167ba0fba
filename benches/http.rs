//! HTTP benchmarks of the real `sleuths serve` binary; prints figures as Markdown.
//!
//! `cargo bench --bench http` (needs `wrk` and `nginx`, Debian's `wrk` and `nginx-light`):
//! 1. the status endpoint at 256 connections, beside nginx serving the same JSON as a static file;
//! 2. 10,000 open event streams on one process: how long a status change takes to reach all of them,
//!    and the server's RSS per open stream;
//! 3. five rounds of 2,000 event streams opened and closed: the server's RSS after each, beside a fresh
//!    process's.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use tokio::io::{AsyncBufReadExt, AsyncWriteExt};

struct Serve {
    child: Child,
    addr: String,
    _dir: tempfile::TempDir,
}

impl Drop for Serve {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn serve(config: &str, extra: &[&str]) -> Serve {
    let dir = tempfile::tempdir().expect("tempdir");
    let cfg = dir.path().join("sleuths.toml");
    std::fs::write(
        &cfg,
        format!("data_dir = {:?}\nlog_level = \"warn\"\n{config}", dir.path()),
    )
    .expect("config");
    let mut child = Command::new(env!("CARGO_BIN_EXE_sleuths"))
        .arg("--config")
        .arg(&cfg)
        .args(["serve", "--port", "0", "--admin-token", "bench"])
        .args(extra)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("start sleuths serve");
    let mut lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
    let first = lines.next().and_then(|l| l.ok()).unwrap_or_default();
    std::thread::spawn(move || lines.for_each(drop));
    let addr = first
        .split("http://")
        .nth(1)
        .and_then(|s| s.split('/').next())
        .unwrap_or_default()
        .to_owned();
    Serve { child, addr, _dir: dir }
}

fn rss_mb(pid: u32) -> f64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| s.lines().find(|l| l.starts_with("VmRSS:")).map(str::to_owned))
        .and_then(|l| l.split_whitespace().nth(1).and_then(|v| v.parse::<f64>().ok()))
        .unwrap_or(0.0)
        / 1024.0
}

async fn create_case(http: &reqwest::Client, addr: &str) -> String {
    let v: serde_json::Value = http
        .post(format!("http://{addr}/api/case/create"))
        .bearer_auth("bench")
        .json(&serde_json::json!({}))
        .send()
        .await
        .expect("create")
        .json()
        .await
        .expect("json");
    v["case"]["id"].as_str().expect("id").to_owned()
}

/// Runs wrk and returns (requests/s, p99 latency text).
fn wrk(url: &str) -> (f64, String) {
    let out = Command::new("wrk")
        .args(["-t2", "-c256", "-d10s", "--latency", url])
        .output()
        .expect("wrk (apt-get install wrk)");
    let text = String::from_utf8_lossy(&out.stdout);
    let rps = text
        .lines()
        .find(|l| l.starts_with("Requests/sec:"))
        .and_then(|l| l.split_whitespace().nth(1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(0.0);
    let p99 = text
        .lines()
        .find(|l| l.trim_start().starts_with("99%"))
        .map(|l| l.split_whitespace().nth(1).unwrap_or("?").to_owned());
    (rps, p99.unwrap_or_else(|| "?".into()))
}

fn nginx(root: &std::path::Path) -> (Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .expect("port")
        .local_addr()
        .expect("addr")
        .port();
    let conf = root.join("nginx.conf");
    std::fs::write(
        &conf,
        format!(
            "worker_processes auto; daemon off; error_log {root}/error.log; pid {root}/nginx.pid;\n\
             events {{ worker_connections 4096; }}\n\
             http {{ access_log off; default_type application/json; keepalive_requests 1000000;\n\
               client_body_temp_path {root}/tmp; proxy_temp_path {root}/tmp; fastcgi_temp_path {root}/tmp;\n\
               uwsgi_temp_path {root}/tmp; scgi_temp_path {root}/tmp;\n\
               server {{ listen 127.0.0.1:{port}; root {root}; }} }}\n",
            root = root.display()
        ),
    )
    .expect("nginx.conf");
    std::fs::create_dir_all(root.join("tmp")).expect("tmp");
    let child = Command::new("nginx")
        .args(["-c", conf.to_str().expect("path"), "-p", root.to_str().expect("path")])
        .stderr(Stdio::null())
        .spawn()
        .expect("nginx (apt-get install nginx-light)");
    std::thread::sleep(Duration::from_millis(500));
    (child, format!("127.0.0.1:{port}"))
}

/// One round of the status benchmark: (requests/s, p99) of sleuths, then of nginx.
type Round = ((f64, String), (f64, String));

async fn status_endpoint() {
    let server = serve("", &[]);
    let http = reqwest::Client::new();
    let id = create_case(&http, &server.addr).await;
    let url = format!("http://{}/api/image-status/{id}", server.addr);
    loop {
        let v: serde_json::Value = http.get(&url).send().await.expect("status").json().await.expect("json");
        if v["status"] == "completed" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let body = http
        .get(&url)
        .send()
        .await
        .expect("status")
        .bytes()
        .await
        .expect("body");
    let root = tempfile::tempdir().expect("tempdir");
    std::fs::write(root.path().join("status.json"), &body).expect("write");
    let (mut ngx, ngx_addr) = nginx(root.path());

    // Interleaved rounds, each server right after the other, so a slow spell of this shared machine
    // falls on both; the figures are the medians, and each round's ratio is shown.
    const ROUNDS: usize = 5;
    let mut rounds = Vec::new();
    for _ in 0..ROUNDS {
        let ours = wrk(&url);
        let theirs = wrk(&format!("http://{ngx_addr}/status.json"));
        rounds.push((ours, theirs));
    }
    // TERM, not KILL: the master stops its workers on the way out.
    let _ = Command::new("kill").args(["-TERM", &ngx.id().to_string()]).status();
    let _ = ngx.wait();
    let median = |mut v: Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let ours = median(rounds.iter().map(|r| r.0.0).collect());
    let theirs = median(rounds.iter().map(|r| r.1.0).collect());
    let ratios: Vec<f64> = rounds.iter().map(|r| r.0.0 / r.1.0.max(1.0)).collect();
    println!(
        "## Status endpoint, 256 connections, 10 s (`wrk -t2 -c256 -d10s`), {} byte body, {ROUNDS} interleaved rounds\n",
        body.len()
    );
    println!("| server | requests/s (median) | each round | p99 latency, each round |\n|---|---|---|---|");
    let each = |f: &dyn Fn(&Round) -> String| rounds.iter().map(f).collect::<Vec<_>>().join(", ");
    println!(
        "| sleuths serve `GET /api/image-status/{{id}}` | {ours:.0} | {} | {} |",
        each(&|r| format!("{:.0}", r.0.0)),
        each(&|r| r.0.1.clone())
    );
    println!(
        "| nginx, same JSON as a static file | {theirs:.0} | {} | {} |",
        each(&|r| format!("{:.0}", r.1.0)),
        each(&|r| r.1.1.clone())
    );
    println!(
        "\nRatio of the medians: {:.2} × nginx (target ≥ 0.9); by round: {}; median of the rounds' ratios: {:.2}.\n",
        ours / theirs.max(1.0),
        ratios.iter().map(|r| format!("{r:.2}")).collect::<Vec<_>>().join(", "),
        median(ratios.clone())
    );
}

/// Connects and asks for a case's event stream; the lines of the answer as they come.
async fn connect_stream(
    addr: &str,
    path: &str,
) -> Option<tokio::io::Lines<tokio::io::BufReader<tokio::net::TcpStream>>> {
    let mut sock = tokio::net::TcpStream::connect(addr).await.ok()?;
    let req = format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n");
    sock.write_all(req.as_bytes()).await.ok()?;
    Some(tokio::io::BufReader::new(sock).lines())
}

async fn open_stream(addr: String, path: String, tx: tokio::sync::mpsc::UnboundedSender<(usize, i64, i64)>, n: usize) {
    let Some(mut lines) = connect_stream(&addr, &path).await else {
        return;
    };
    while let Ok(Some(line)) = lines.next_line().await {
        if let Some(data) = line.strip_prefix("data: ")
            && let Ok(v) = serde_json::from_str::<serde_json::Value>(data)
        {
            let now = chrono::Utc::now().timestamp_millis();
            let current = v["progress"]["current"].as_i64().unwrap_or(-1);
            let _ = tx.send((n, current, now - v["updatedAt"].as_i64().unwrap_or(now)));
        }
    }
}

async fn event_streams() {
    let streams = 10_000;
    let server = serve("image_latency = \"1500ms\"\n[pipeline]\nconcurrency = 1\n", &[]);
    let http = reqwest::Client::new();
    let id = create_case(&http, &server.addr).await;
    let rss_before = rss_mb(server.child.id());
    let (tx, mut rx) = tokio::sync::mpsc::unbounded_channel();
    let path = format!("/api/image-status/{id}/events");
    for n in 0..streams {
        tokio::spawn(open_stream(server.addr.clone(), path.clone(), tx.clone(), n));
    }
    drop(tx);
    // Collect every delivery of progress 2..=5 (changes made while all streams are open).
    let mut per_change: std::collections::BTreeMap<i64, Vec<i64>> = Default::default();
    let mut connected = std::collections::HashSet::new();
    let mut rss_open = 0.0;
    let deadline = Instant::now() + Duration::from_secs(60);
    while Instant::now() < deadline {
        let Ok(Some((n, current, lag))) = tokio::time::timeout(Duration::from_secs(5), rx.recv()).await else {
            break;
        };
        connected.insert(n);
        if connected.len() == streams && rss_open == 0.0 {
            rss_open = rss_mb(server.child.id());
        }
        if (2..=5).contains(&current) {
            per_change.entry(current).or_default().push(lag);
        }
        if per_change.get(&5).is_some_and(|v| v.len() == streams) {
            break;
        }
    }
    println!("## {streams} open event streams on one `sleuths serve` process\n");
    println!(
        "Streams connected: {}. Server RSS: {rss_before:.1} MB before, {rss_open:.1} MB with all streams open: {:.1} KB per open stream.\n",
        connected.len(),
        (rss_open - rss_before) * 1024.0 / connected.len().max(1) as f64
    );
    println!("| change (progress) | streams reached | p50 | p99 | max |\n|---|---|---|---|---|");
    for (current, mut lags) in per_change {
        lags.sort();
        let pick = |p: f64| lags[((lags.len() as f64 - 1.0) * p).round() as usize];
        println!(
            "| {current}/15 | {} | {} ms | {} ms | {} ms |",
            lags.len(),
            pick(0.5),
            pick(0.99),
            lags[lags.len() - 1]
        );
    }
    println!(
        "\nLatency is from the record's `updatedAt` (written in the same transaction) to its arrival at the client.\n"
    );
}

/// Opens a stream, reads its first event, and closes it.
async fn open_and_close(addr: String, path: String) {
    let Some(mut lines) = connect_stream(&addr, &path).await else {
        return;
    };
    while let Ok(Some(line)) = lines.next_line().await {
        if line.starts_with("data: ") {
            return;
        }
    }
}

async fn bursts() {
    let (rounds, per_round) = (5, 2000);
    // No worker: the process holds only what serving costs (a painted case would add its pictures).
    let server = serve("", &["--no-worker"]);
    let http = reqwest::Client::new();
    let id = create_case(&http, &server.addr).await;
    tokio::time::sleep(Duration::from_secs(1)).await;
    let fresh = rss_mb(server.child.id());
    let path = format!("/api/image-status/{id}/events");
    println!("## {rounds} rounds of {per_round} event streams opened and closed\n");
    println!("| after | server RSS |\n|---|---|\n| nothing (fresh) | {fresh:.1} MB |");
    let mut last = fresh;
    for round in 1..=rounds {
        let tasks: Vec<_> = (0..per_round)
            .map(|_| tokio::spawn(open_and_close(server.addr.clone(), path.clone())))
            .collect();
        for t in tasks {
            let _ = t.await;
        }
        tokio::time::sleep(Duration::from_secs(5)).await;
        last = rss_mb(server.child.id());
        println!("| round {round} | {last:.1} MB |");
    }
    println!(
        "\nAfter the last round: {:.2} x the fresh process.\n",
        last / fresh.max(0.1)
    );
}

#[tokio::main]
async fn main() {
    // One part alone: `cargo bench --bench http -- status|streams|bursts`.
    let only = std::env::args().nth(1).filter(|a| !a.starts_with('-'));
    raise_open_files();
    match only.as_deref() {
        Some("status") => return status_endpoint().await,
        Some("streams") => return event_streams().await,
        Some("bursts") => return bursts().await,
        _ => {}
    }
    println!("# HTTP benchmarks\n");
    println!(
        "Machine: {} cores; client, server and nginx share them. Command: `cargo bench --bench http`.\n",
        std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0)
    );
    status_endpoint().await;
    event_streams().await;
    bursts().await;
}

/// The client side holds as many sockets as the server: take the hard limit of open files.
#[expect(unsafe_code, reason = "getrlimit and setrlimit have no safe wrapper in libc")]
fn raise_open_files() {
    // SAFETY: getrlimit/setrlimit on a struct we own.
    unsafe {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur = limit.rlim_max;
            libc::setrlimit(libc::RLIMIT_NOFILE, &limit);
        }
    }
}
