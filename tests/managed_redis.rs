//! Redis as managed services run it: TLS with a private CA and a password, against a real redis-server
//! in TLS mode with a CA and certificate this test makes with openssl.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
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
            "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nkeyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
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

/// A redis-server that speaks only TLS, with a password, on a free port.
struct TlsRedis {
    child: Child,
    port: u16,
}

impl Drop for TlsRedis {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tls_redis(dir: &Path) -> TlsRedis {
    let port = free_port();
    let child = Command::new("redis-server")
        .current_dir(dir)
        .args(["--port", "0", "--tls-port", &port.to_string(), "--bind", "127.0.0.1"])
        .args([
            "--tls-cert-file",
            "server.crt",
            "--tls-key-file",
            "server.key",
            "--tls-ca-cert-file",
            "good-ca.crt",
        ])
        .args([
            "--tls-auth-clients",
            "no",
            "--requirepass",
            PASSWORD,
            "--save",
            "",
            "--appendonly",
            "no",
        ])
        .arg("--dir")
        .arg(dir)
        .stdout(Stdio::null())
        .spawn()
        .expect("redis-server is installed (Debian package redis-server; scripts/test installs it)");
    wait_listening(port);
    TlsRedis { child, port }
}

struct Deployment {
    dir: tempfile::TempDir,
    config: PathBuf,
    good_ca: PathBuf,
    other_ca: PathBuf,
    _redis: TlsRedis,
}

fn deployment() -> Deployment {
    let dir = tempfile::tempdir().unwrap();
    let good_ca = make_ca(dir.path(), "good", true);
    let other_ca = make_ca(dir.path(), "other", false);
    let redis = tls_redis(dir.path());
    let config = dir.path().join("sleuths.toml");
    std::fs::write(
        &config,
        format!(
            "data_dir = {:?}\nstore = \"rediss://127.0.0.1:{}\"\nredis_prefix = \"tls:{}:\"\nimage_latency = \"20ms\"\n\
             log_level = \"info\"\n[scheduler]\npoll = \"100ms\"\n",
            dir.path(),
            redis.port,
            &sleuths::ids::token()[..8]
        ),
    )
    .unwrap();
    Deployment {
        dir,
        config,
        good_ca,
        other_ca,
        _redis: redis,
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
    // `sleuths config` names the CA file and hides the password.
    let shown = run(d.sleuths(&d.good_ca, PASSWORD).arg("config")).unwrap();
    assert!(shown.contains("[redis]") && shown.contains("good-ca.crt"), "{shown}");
    assert!(
        shown.contains("password = \"[redacted]\"") && !shown.contains(PASSWORD),
        "{shown}"
    );
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
