//! A real Prometheus Pushgateway (Debian's `prometheus-pushgateway`, or `pushgateway` on the
//! PATH) on a free loopback port, and `promtool` (Debian's `prometheus`), for the metrics
//! tests. Where they cannot be had, the tests say so and skip.

use std::net::{SocketAddr, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::moto::free_port;

/// How long the Pushgateway may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(30);

/// The first of `names` on the PATH.
fn on_path(names: &[&str]) -> Option<std::path::PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |name| dir.join(name)))
        .find(|candidate| candidate.is_file())
}

/// `promtool`, or why it is missing.
pub fn promtool() -> Result<std::path::PathBuf, String> {
    on_path(&["promtool"]).ok_or_else(|| {
        "promtool is not on the PATH (Debian's `prometheus`; scripts/test.sh installs it as root)"
            .to_owned()
    })
}

/// A Pushgateway of this test's own, killed on drop.
pub struct Pushgateway {
    child: Child,
    port: u16,
}

impl Pushgateway {
    /// Starts the Pushgateway on a free port of 127.0.0.1 and waits until it listens; `Err`
    /// says why it cannot be had.
    pub fn start() -> Result<Self, String> {
        let program = on_path(&["prometheus-pushgateway", "pushgateway"]).ok_or_else(|| {
            "the Pushgateway is not on the PATH (Debian's `prometheus-pushgateway`; \
             scripts/test.sh installs it as root)"
                .to_owned()
        })?;
        let port = free_port();
        let child = Command::new(&program)
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|err| format!("failed to start {}: {err}", program.display()))?;
        let mut gateway = Self { child, port };
        gateway.wait_until_listening()?;
        Ok(gateway)
    }

    /// `http://127.0.0.1:PORT`.
    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// What it serves on `/metrics` (every pushed group, and its own metrics).
    pub fn scrape(&self) -> String {
        reqwest::blocking::get(format!("{}/metrics", self.url()))
            .and_then(|r| r.error_for_status())
            .and_then(|r| r.text())
            .expect("scrape the Pushgateway")
    }

    fn wait_until_listening(&mut self) -> Result<(), String> {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return Ok(());
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                return Err(format!("the Pushgateway exited during start-up: {status}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Err(format!(
            "the Pushgateway did not listen on {addr} within {STARTUP_TIMEOUT:?}"
        ))
    }
}

impl Drop for Pushgateway {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
