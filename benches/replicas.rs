//! Case creation on Redis with and without `redis.replicas_ack`; prints Markdown.
//!
//! `cargo bench --bench replicas` (needs `redis-server`). Starts a primary and a replica of its own on free
//! ports, then creates 500 cases (after 20 to warm up) through the app on the primary, once answering on
//! the primary's word (`replicas_ack = 0`) and once waiting for the replica (`replicas_ack = 1`, `WAIT`).

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use sleuths::app::{App, Parts};
use sleuths::casegen::ProceduralCases;
use sleuths::clock::{SharedClock, SystemClock};
use sleuths::config::Config;
use sleuths::images::LocalImages;
use sleuths::providers::ProceduralArt;
use sleuths::store::RedisStore;
use sleuths::store::redis::Access;

const CASES: usize = 500;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .expect("bind")
        .local_addr()
        .expect("addr")
        .port()
}

fn redis(dir: &std::path::Path, port: u16, extra: &[&str]) -> Server {
    let child = Command::new("redis-server")
        .args([
            "--port",
            &port.to_string(),
            "--bind",
            "127.0.0.1",
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .args(extra)
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server is installed");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "redis-server did not start");
        std::thread::sleep(Duration::from_millis(20));
    }
    Server(child)
}

fn ms(d: Duration) -> String {
    format!("{:.2} ms", d.as_secs_f64() * 1000.0)
}

async fn creation(primary: u16, replicas_ack: u32) -> (Duration, Duration, Duration) {
    let dir = tempfile::tempdir().expect("tempdir");
    let config = Config {
        data_dir: dir.path().to_path_buf(),
        ..Config::default()
    };
    let clock: SharedClock = Arc::new(SystemClock);
    let access = Access {
        replicas_ack,
        ack_timeout: Duration::from_millis(500),
        ..Default::default()
    };
    let store = RedisStore::connect_with(
        &format!("redis://127.0.0.1:{primary}"),
        &access,
        &format!("bench{replicas_ack}:"),
        clock.clone(),
        config.status_ttl,
    )
    .await
    .expect("connect");
    let app = App::from_parts(
        config.clone(),
        Parts {
            store: Arc::new(store),
            images: Arc::new(LocalImages::new(config.images_dir())),
            provider: Arc::new(ProceduralArt::new()),
            casegen: Arc::new(ProceduralCases),
            clock,
        },
    )
    .expect("app");
    for _ in 0..20 {
        app.create_case(None).await.expect("warm-up");
    }
    let mut times = Vec::with_capacity(CASES);
    for _ in 0..CASES {
        let t = Instant::now();
        app.create_case(None).await.expect("create");
        times.push(t.elapsed());
    }
    assert_eq!(app.unconfirmed_writes(), 0, "the replica confirmed every write");
    times.sort();
    let at = |p: f64| times[((times.len() as f64 - 1.0) * p).round() as usize];
    (at(0.5), at(0.99), times[times.len() - 1])
}

#[tokio::main]
async fn main() {
    let (dir, replica_dir) = (
        tempfile::tempdir().expect("tempdir"),
        tempfile::tempdir().expect("tempdir"),
    );
    let (primary_port, replica_port) = (free_port(), free_port());
    let _primary = redis(dir.path(), primary_port, &[]);
    let _replica = redis(
        replica_dir.path(),
        replica_port,
        &["--replicaof", "127.0.0.1", &primary_port.to_string()],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    loop {
        let out = Command::new("redis-cli")
            .args(["-p", &replica_port.to_string(), "info", "replication"])
            .output()
            .expect("redis-cli");
        if String::from_utf8_lossy(&out.stdout).contains("master_link_status:up") {
            break;
        }
        assert!(Instant::now() < deadline, "the replica did not sync");
        std::thread::sleep(Duration::from_millis(50));
    }
    println!("## Case creation on Redis, a primary and one replica on this machine\n");
    println!(
        "{CASES} cases after 20 to warm up; each is the case, its status record and its job in one script. \
         Command: `cargo bench --bench replicas`.\n"
    );
    println!("| redis.replicas_ack | p50 | p99 | max |\n|---|---|---|---|");
    for ack in [0, 1] {
        let (p50, p99, max) = creation(primary_port, ack).await;
        println!("| {ack} | {} | {} | {} |", ms(p50), ms(p99), ms(max));
    }
}
