//! redis-server processes of a test's own, to stop, restart, or start from a dump.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A redis-server of the test's own, on a free port: with an append-only file (so a restart keeps what
/// was written), or from a dump.
pub struct OwnRedis {
    dir: PathBuf,
    port: u16,
    child: Option<Child>,
    /// Started from the `dump.rdb` in `dir`, without an append-only file (which would hide the dump).
    from_dump: bool,
    /// A node of a cluster (`OwnCluster`).
    cluster: bool,
}

impl OwnRedis {
    pub fn start(dir: &Path) -> OwnRedis {
        let port = free_port();
        let mut r = OwnRedis {
            dir: dir.to_owned(),
            port,
            child: None,
            from_dump: false,
            cluster: false,
        };
        r.up();
        r
    }

    /// A server that starts with the data of a dump (a copy of `rdb` in `dir`).
    pub fn from_dump(dir: &Path, rdb: &Path) -> OwnRedis {
        std::fs::copy(rdb, dir.join("dump.rdb")).expect("copy the dump");
        let mut r = OwnRedis {
            dir: dir.to_owned(),
            port: free_port(),
            child: None,
            from_dump: true,
            cluster: false,
        };
        r.up();
        r
    }

    pub fn up(&mut self) {
        let child = Command::new("redis-server")
            .args([
                "--port",
                &self.port.to_string(),
                "--bind",
                "127.0.0.1",
                "--appendonly",
                if self.from_dump { "no" } else { "yes" },
                "--dbfilename",
                "dump.rdb",
                "--save",
                "",
            ])
            .args(if self.cluster {
                &[
                    "--cluster-enabled",
                    "yes",
                    "--cluster-config-file",
                    "nodes.conf",
                    "--cluster-node-timeout",
                    "2000",
                ][..]
            } else {
                &[][..]
            })
            .arg("--dir")
            .arg(&self.dir)
            .stdout(Stdio::null())
            .spawn()
            .expect("redis-server is installed (Debian package redis-server; scripts/test installs it)");
        self.child = Some(child);
        let deadline = Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", self.port)).is_err() {
            assert!(Instant::now() < deadline, "redis-server did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn down(&mut self) {
        if let Some(mut c) = self.child.take() {
            Command::new("kill")
                .args(["-TERM", &c.id().to_string()])
                .status()
                .unwrap();
            c.wait().unwrap();
        }
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}", self.port)
    }
}

impl Drop for OwnRedis {
    fn drop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

/// A port nothing listens on now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A 3-master Redis Cluster of the test's own (no replicas), each node with an append-only file so a
/// stopped and restarted master comes back with what it held.
pub struct OwnCluster {
    pub nodes: Vec<OwnRedis>,
}

impl OwnCluster {
    pub fn start(dir: &Path) -> OwnCluster {
        let nodes: Vec<OwnRedis> = (0..3)
            .map(|i| {
                let node_dir = dir.join(format!("node-{i}"));
                std::fs::create_dir_all(&node_dir).unwrap();
                let mut r = OwnRedis {
                    dir: node_dir,
                    port: free_port(),
                    child: None,
                    from_dump: false,
                    cluster: true,
                };
                r.up();
                r
            })
            .collect();
        let addrs: Vec<String> = nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        let out = Command::new("redis-cli")
            .arg("--cluster")
            .arg("create")
            .args(&addrs)
            .args(["--cluster-replicas", "0", "--cluster-yes"])
            .output()
            .expect("redis-cli (Debian package redis-tools)");
        assert!(
            out.status.success(),
            "cluster create: {}",
            String::from_utf8_lossy(&out.stdout)
        );
        let cluster = OwnCluster { nodes };
        cluster.wait_ok();
        cluster
    }

    /// `redis+cluster://` with every node.
    pub fn url(&self) -> String {
        let nodes: Vec<String> = self.nodes.iter().map(|n| format!("127.0.0.1:{}", n.port)).collect();
        format!("redis+cluster://{}", nodes.join(","))
    }

    /// Waits until every node says the cluster is ok (all slots served).
    pub fn wait_ok(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        loop {
            let ok = self.nodes.iter().filter(|n| n.child.is_some()).all(|n| {
                let out = Command::new("redis-cli")
                    .args(["-p", &n.port.to_string(), "cluster", "info"])
                    .output()
                    .unwrap();
                String::from_utf8_lossy(&out.stdout).contains("cluster_state:ok")
            });
            if ok {
                return;
            }
            assert!(Instant::now() < deadline, "the cluster did not become ok");
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    /// The index of the node that serves the slot of `key` (e.g. a deployment's hash tag).
    pub fn owner_of(&self, key: &str) -> usize {
        let cli = |args: &[&str]| {
            let out = Command::new("redis-cli")
                .args(["-p", &self.nodes[0].port.to_string()])
                .args(args)
                .output()
                .unwrap();
            String::from_utf8_lossy(&out.stdout).into_owned()
        };
        let slot: u32 = cli(&["cluster", "keyslot", key]).trim().parse().unwrap();
        for line in cli(&["cluster", "nodes"]).lines() {
            let fields: Vec<&str> = line.split_whitespace().collect();
            let port: u16 = fields[1].split(['@', ':']).nth(1).unwrap().parse().unwrap();
            let serves = fields[8..].iter().any(|range| {
                let (a, b) = range.split_once('-').unwrap_or((range, range));
                matches!((a.parse::<u32>(), b.parse::<u32>()), (Ok(a), Ok(b)) if a <= slot && slot <= b)
            });
            if serves {
                return self.nodes.iter().position(|n| n.port == port).unwrap();
            }
        }
        panic!("no node serves slot {slot}");
    }
}

/// A plain redis-server of a test's own on `port`, its files in `dir`, with `extra` arguments (e.g.
/// `--replicaof`); killed on drop.
pub fn server(dir: &Path, port: u16, extra: &[&str]) -> super::KillOnDrop {
    use super::SpawnGuarded;
    std::fs::create_dir_all(dir).unwrap();
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
        .spawn_guarded();
    wait_listening(port);
    child
}

/// Waits until something listens on `port` (a server starting).
pub fn wait_listening(port: u16) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nothing listens on port {port}");
        std::thread::sleep(Duration::from_millis(20));
    }
}
