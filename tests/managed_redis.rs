//! Redis as managed services run it: TLS with a private CA and a password, against a real redis-server
//! in TLS mode with a CA and certificate this test makes with openssl.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::SpawnGuarded;
use common::redis::{free_port, wait_listening};
use serde_json::Value;

const PASSWORD: &str = "s3cret-Pa55word-for-tls";

/// Runs openssl, failing the test with its output when it fails.
fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl is installed");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A CA (`NAME-ca.crt`) and, when `server`, a server certificate for 127.0.0.1 it signs.
fn make_ca(dir: &Path, name: &str, server: bool) -> PathBuf {
    let (key, crt) = (format!("{name}-ca.key"), format!("{name}-ca.crt"));
    openssl(dir, &["genrsa", "-out", &key, "2048"]);
    openssl(
        dir,
        &[
            "req",
            "-x509",
            "-new",
            "-key",
            &key,
            "-sha256",
            "-days",
            "2",
            "-subj",
            &format!("/CN={name} test CA"),
            "-out",
            &crt,
        ],
    );
    if server {
        std::fs::write(
            dir.join("san.ext"),
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth,clientAuth\n",
        )
        .unwrap();
        openssl(dir, &["genrsa", "-out", "server.key", "2048"]);
        openssl(
            dir,
            &[
                "req",
                "-new",
                "-key",
                "server.key",
                "-subj",
                "/CN=127.0.0.1",
                "-out",
                "server.csr",
            ],
        );
        openssl(
            dir,
            &[
                "x509",
                "-req",
                "-in",
                "server.csr",
                "-CA",
                &crt,
                "-CAkey",
                &key,
                "-CAcreateserial",
                "-days",
                "2",
                "-sha256",
                "-extfile",
                "san.ext",
                "-out",
                "server.crt",
            ],
        );
    }
    dir.join(crt)
}

/// The TLS settings every server of these tests runs with: the certificate `make_ca` made for 127.0.0.1,
/// signed by the good CA, and TLS (with the password) on the links between servers too.
const TLS_ARGS: &[&str] = &[
    "--port",
    "0",
    "--bind",
    "127.0.0.1",
    "--tls-cert-file",
    "server.crt",
    "--tls-key-file",
    "server.key",
    "--tls-ca-cert-file",
    "good-ca.crt",
    "--tls-auth-clients",
    "no",
    "--tls-replication",
    "yes",
    "--save",
    "",
    "--appendonly",
    "no",
];

/// A redis-server that speaks only TLS, with a password, on `port`, its files in `dir`, with `extra`
/// arguments (a cluster node's).
fn tls_redis_on(dir: &Path, port: u16, extra: &[&str]) -> common::KillOnDrop {
    let child = Command::new("redis-server")
        .current_dir(dir)
        .args(["--tls-port", &port.to_string()])
        .args(TLS_ARGS)
        .args(["--requirepass", PASSWORD, "--masterauth", PASSWORD])
        .args(extra)
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null())
        .spawn_guarded();
    wait_listening(port);
    child
}

/// A TLS redis-server with a password on a free port.
fn tls_redis(dir: &Path) -> (common::KillOnDrop, u16) {
    let port = free_port();
    (tls_redis_on(dir, port, &[]), port)
}

/// A Sentinel that speaks only TLS and watches the primary on `primary` (over TLS, with the password) as
/// `mymaster`; its port.
fn tls_sentinel(dir: &Path, primary: u16) -> (common::KillOnDrop, u16) {
    let port = free_port();
    let conf = dir.join(format!("sentinel-{port}.conf"));
    let mut text = format!("tls-port {port}\ndir {:?}\n", dir);
    for pair in TLS_ARGS
        .chunks(2)
        .filter(|p| !["--save", "--appendonly"].contains(&p[0]))
    {
        let value = if pair[1].is_empty() { "\"\"" } else { pair[1] };
        text += &format!("{} {value}\n", pair[0].trim_start_matches("--"));
    }
    text += &format!("sentinel monitor mymaster 127.0.0.1 {primary} 1\nsentinel auth-pass mymaster {PASSWORD}\n");
    std::fs::write(&conf, text).unwrap();
    let child = Command::new("redis-server")
        .current_dir(dir)
        .arg(&conf)
        .arg("--sentinel")
        .stdout(Stdio::null())
        .spawn_guarded();
    wait_listening(port);
    (child, port)
}

/// `redis-cli` over TLS with the good CA and the password (given 30 s: `--cluster create` waits for ever
/// for nodes that cannot meet).
fn tls_cli(dir: &Path, args: &[&str]) -> std::process::Output {
    Command::new("timeout")
        .current_dir(dir)
        .args([
            "30",
            "redis-cli",
            "--tls",
            "--cacert",
            "good-ca.crt",
            "-a",
            PASSWORD,
            "--no-auth-warning",
        ])
        .args(args)
        .output()
        .expect("redis-cli (Debian package redis-tools)")
}

/// A free port whose cluster bus port (10000 above it) is free too.
fn cluster_port() -> u16 {
    loop {
        let port = free_port();
        if port < 55_000 && std::net::TcpListener::bind(("127.0.0.1", port + 10_000)).is_ok() {
            return port;
        }
    }
}

/// A 3-master Redis Cluster speaking only TLS (clients and the cluster bus), with a password; the ports.
fn tls_cluster(dir: &Path) -> (Vec<common::KillOnDrop>, Vec<u16>) {
    let ports: Vec<u16> = (0..3).map(|_| cluster_port()).collect();
    let nodes = ports
        .iter()
        .map(|port| {
            let node_dir = dir.join(format!("node-{port}"));
            std::fs::create_dir_all(&node_dir).unwrap();
            for file in ["server.crt", "server.key", "good-ca.crt"] {
                std::fs::copy(dir.join(file), node_dir.join(file)).unwrap();
            }
            let extra = [
                "--cluster-enabled",
                "yes",
                "--tls-cluster",
                "yes",
                "--cluster-config-file",
                "nodes.conf",
            ];
            tls_redis_on(&node_dir, *port, &extra)
        })
        .collect();
    let addrs: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
    let mut args = vec!["--cluster", "create"];
    args.extend(addrs.iter().map(String::as_str));
    args.extend(["--cluster-replicas", "0", "--cluster-yes"]);
    let out = tls_cli(dir, &args);
    assert!(
        out.status.success(),
        "cluster create: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let deadline = Instant::now() + Duration::from_secs(30);
    while !ports.iter().all(|p| {
        String::from_utf8_lossy(&tls_cli(dir, &["-p", &p.to_string(), "cluster", "info"]).stdout)
            .contains("cluster_state:ok")
    }) {
        assert!(Instant::now() < deadline, "the TLS cluster did not become ok");
        std::thread::sleep(Duration::from_millis(100));
    }
    (nodes, ports)
}

struct Deployment {
    dir: tempfile::TempDir,
    config: PathBuf,
    good_ca: PathBuf,
    other_ca: PathBuf,
    _servers: Vec<common::KillOnDrop>,
}

/// Where a deployment's store is: one TLS server, a TLS Sentinel in front of one, or a TLS cluster.
enum Shape {
    One,
    Sentinel,
    Cluster,
}

fn deployment() -> Deployment {
    deployment_of(Shape::One)
}

fn deployment_of(shape: Shape) -> Deployment {
    let dir = tempfile::tempdir().unwrap();
    let good_ca = make_ca(dir.path(), "good", true);
    let other_ca = make_ca(dir.path(), "other", false);
    let (servers, store, extra) = match shape {
        Shape::One => {
            let (redis, port) = tls_redis(dir.path());
            (vec![redis], format!("rediss://127.0.0.1:{port}"), "")
        }
        Shape::Sentinel => {
            let (redis, port) = tls_redis(dir.path());
            let (sentinel, sentinel_port) = tls_sentinel(dir.path(), port);
            // No replica here: nothing to wait for.
            let store = format!("rediss+sentinel://127.0.0.1:{sentinel_port}/mymaster");
            (vec![redis, sentinel], store, "[redis]\nreplicas_ack = 0\n")
        }
        Shape::Cluster => {
            let (nodes, ports) = tls_cluster(dir.path());
            let hosts: Vec<String> = ports.iter().map(|p| format!("127.0.0.1:{p}")).collect();
            (nodes, format!("rediss+cluster://{}", hosts.join(",")), "")
        }
    };
    let config = dir.path().join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nstore = \"{store}\"\nredis_prefix = \"tls:{}:\"\nimage_latency = \"20ms\"\n\
             log_level = \"info\"\n[scheduler]\npoll = \"100ms\"\n{extra}",
            dir.path(),
            &sleuths::ids::token()[..8]
        ),
    )
    .unwrap();
    Deployment {
        dir,
        config,
        good_ca,
        other_ca,
        _servers: servers,
    }
}

impl Deployment {
    fn sleuths(&self, ca: &Path, password: &str) -> Command {
        let mut c = Command::new(env!("CARGO_BIN_EXE_sleuths"));
        c.arg("--config")
            .arg(&self.config)
            .env("SLEUTHS_REDIS_CA_FILE", ca)
            .env("SLEUTHS_REDIS_PASSWORD", password);
        c
    }
}

/// Standard output, or the failure with standard error.
fn run(cmd: &mut Command) -> Result<String, String> {
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    if out.status.success() {
        assert!(!stderr.contains(PASSWORD), "the password in a log line: {stderr}");
        Ok(String::from_utf8(out.stdout).unwrap())
    } else {
        Err(stderr)
    }
}

#[test]
fn a_case_is_painted_15_of_15_through_rediss_with_a_private_ca_and_a_password() {
    let d = deployment();
    paint_one_case(&d);
    // `sleuths config` names the CA file and hides the password.
    let shown = run(d.sleuths(&d.good_ca, PASSWORD).arg("config")).unwrap();
    assert!(shown.contains("[redis]") && shown.contains("good-ca.crt"), "{shown}");
    assert!(
        shown.contains("password = \"[redacted]\"") && !shown.contains(PASSWORD),
        "{shown}"
    );
}

#[test]
fn a_case_is_painted_15_of_15_through_a_sentinel_over_tls() {
    let d = deployment_of(Shape::Sentinel);
    paint_one_case(&d);
}

#[test]
fn a_case_is_painted_15_of_15_on_a_cluster_over_tls() {
    let d = deployment_of(Shape::Cluster);
    paint_one_case(&d);
}

/// Creates a case and has a worker paint it, through the deployment's TLS store with the good CA and
/// the password; the password in no output or log line.
fn paint_one_case(d: &Deployment) {
    let case_id = run(d.sleuths(&d.good_ca, PASSWORD).args(["case", "create"]))
        .unwrap()
        .trim()
        .to_owned();
    let log = d.dir.path().join("worker.log");
    let mut worker = d
        .sleuths(&d.good_ca, PASSWORD)
        .args(["worker", "--no-cron"])
        .stdout(Stdio::null())
        .stderr(std::fs::File::create(&log).unwrap())
        .spawn_guarded();
    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        let out = run(d
            .sleuths(&d.good_ca, PASSWORD)
            .args(["images", "status", &case_id, "--json"]))
        .unwrap();
        let s: Value = serde_json::from_str(&out).unwrap();
        if s["status"] == "completed" {
            break s;
        }
        assert!(Instant::now() < deadline, "the case was not painted: {s}");
        std::thread::sleep(Duration::from_millis(200));
    };
    assert_eq!(status["progress"]["current"], 15);
    let _ = Command::new("kill").args(["-TERM", &worker.id().to_string()]).status();
    assert!(worker.wait().unwrap().success());
    let logged = std::fs::read_to_string(&log).unwrap();
    assert!(logged.contains("job completed"), "{logged}");
    assert!(!logged.contains(PASSWORD), "the password in the worker's log");
}

#[test]
fn the_wrong_ca_and_the_wrong_password_are_refused_each_by_name() {
    let d = deployment();
    let wrong_ca = run(d.sleuths(&d.other_ca, PASSWORD).args(["case", "create"])).unwrap_err();
    assert!(
        wrong_ca.contains("certificate") && wrong_ca.contains("redis.tls_ca_file"),
        "the refusal names the certificate and the setting: {wrong_ca}"
    );
    assert!(!wrong_ca.contains(PASSWORD), "{wrong_ca}");
    let wrong_password = "not-the-Password-123";
    let refused = run(d.sleuths(&d.good_ca, wrong_password).args(["case", "create"])).unwrap_err();
    assert!(
        refused.contains("password"),
        "the refusal names the password: {refused}"
    );
    assert!(
        !refused.contains(wrong_password) && !refused.contains(PASSWORD),
        "{refused}"
    );
}

/// A plain redis-server of the test's own on a free port (`extra`: e.g. `--replicaof`).
fn redis_server(dir: &Path, extra: &[&str]) -> (common::KillOnDrop, u16) {
    let port = free_port();
    (common::redis::server(dir, port, extra), port)
}

fn in_sync(replica: u16) -> bool {
    let out = Command::new("redis-cli")
        .args(["-p", &replica.to_string(), "info", "replication"])
        .output()
        .unwrap();
    String::from_utf8_lossy(&out.stdout).contains("master_link_status:up")
}

fn job(n: usize) -> sleuths::domain::NewJob {
    sleuths::domain::NewJob {
        id: format!("job-ack-{n}-{}", &sleuths::ids::token()[..6]),
        name: "probe".into(),
        data: serde_json::json!({}),
        run_at: 0,
        key: None,
        max_attempts: 1,
        schedule_id: None,
        occurrence: None,
        origin: sleuths::domain::history::Origin::Api,
        traceparent: None,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_replicas_ack_every_answered_write_is_on_the_replica_and_a_late_one_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    let (mut primary, primary_port) = redis_server(dir.path(), &[]);
    // The replica follows the primary through a proxy the test can pause.
    let link = common::proxy::Proxy::start(primary_port);
    let replica_dir = tempfile::tempdir().unwrap();
    let (_replica, replica_port) = redis_server(
        replica_dir.path(),
        &["--replicaof", "127.0.0.1", &link.port.to_string()],
    );
    let deadline = Instant::now() + Duration::from_secs(20);
    while !in_sync(replica_port) {
        assert!(Instant::now() < deadline, "the replica did not sync");
        std::thread::sleep(Duration::from_millis(50));
    }
    let access = sleuths::store::redis::Access {
        replicas_ack: 1,
        ack_timeout: Duration::from_millis(300),
        ..Default::default()
    };
    let clock: sleuths::clock::SharedClock = std::sync::Arc::new(sleuths::clock::SystemClock);
    let prefix = "ack:";
    let store = sleuths::store::RedisStore::connect_with(
        &format!("redis://127.0.0.1:{primary_port}"),
        &access,
        prefix,
        clock.clone(),
        Duration::from_secs(3600),
    )
    .await
    .unwrap();
    use sleuths::store::JobStore;
    let mut ids = Vec::new();
    for n in 0..10 {
        ids.push(store.enqueue(job(n), None).await.unwrap().id);
    }
    assert_eq!(
        store.unconfirmed_writes(),
        0,
        "the replica confirmed every write in time"
    );

    // The link stalls: a write waits the ack timeout, then answers, counted.
    link.paused.store(true, std::sync::atomic::Ordering::SeqCst);
    let started = Instant::now();
    ids.push(store.enqueue(job(10), None).await.unwrap().id);
    assert!(
        started.elapsed() >= Duration::from_millis(300),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(store.unconfirmed_writes(), 1);
    link.paused.store(false, std::sync::atomic::Ordering::SeqCst);

    // The primary dies right after: every write it answered with the replica's confirmation is there.
    primary.kill().unwrap();
    primary.wait().unwrap();
    let out = Command::new("redis-cli")
        .args(["-p", &replica_port.to_string(), "keys", "{ack}:job:*"])
        .output()
        .unwrap();
    let on_replica = String::from_utf8_lossy(&out.stdout).into_owned();
    for id in &ids[..10] {
        assert!(
            on_replica.contains(id.as_str()),
            "{id} is not on the replica: {on_replica}"
        );
    }
}
