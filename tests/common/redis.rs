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
}

impl OwnRedis {
    pub fn start(dir: &Path) -> OwnRedis {
        let port = free_port();
        let mut r = OwnRedis {
            dir: dir.to_owned(),
            port,
            child: None,
            from_dump: false,
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

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
