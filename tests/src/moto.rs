//! Starting and stopping `moto_server`.

use std::net::{SocketAddr, TcpListener, TcpStream};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// How long moto may take to start listening.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(60);

/// A moto server of this test's own, killed on drop.
pub struct Moto {
    child: Child,
    port: u16,
}

impl Moto {
    /// Starts `moto_server` (or `$MOTO_SERVER`) on a free port of 127.0.0.1 and waits until
    /// it accepts connections.
    pub fn start() -> Self {
        Self::start_with_env(&[])
    }

    /// Starts moto with extra environment variables (moto reads some, such as
    /// `MOTO_ECS_SERVICE_RUNNING`, to decide what it reports).
    pub fn start_with_env(env: &[(&str, &str)]) -> Self {
        let program = std::env::var("MOTO_SERVER").unwrap_or_else(|_| "moto_server".to_owned());
        let port = free_port();
        let mut command = Command::new(&program);
        command
            .args(["-H", "127.0.0.1", "-p", &port.to_string()])
            .envs(env.iter().copied());
        Self::spawn(command, &program, port)
    }

    /// Starts moto in server mode with a request log of its own in `log`: a line per request
    /// as it arrives, `<unix time, microseconds> <method> <path>` (see
    /// `tests/moto/request_log_server.py`); read it with [`request_times`].
    pub fn start_with_request_log(log: &std::path::Path) -> Self {
        let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("moto")
            .join("request_log_server.py");
        let port = free_port();
        let mut command = Command::new("python3");
        command.arg(&script).arg(port.to_string()).arg(log);
        Self::spawn(command, "python3 tests/moto/request_log_server.py", port)
    }

    fn spawn(mut command: Command, program: &str, port: u16) -> Self {
        let child = command
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|err| {
                panic!("failed to start `{program}` ({err}): run scripts/test.sh, which installs moto[server]")
            });
        let mut moto = Self { child, port };
        moto.wait_until_listening();
        moto
    }

    /// `http://127.0.0.1:PORT`.
    pub fn endpoint(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }

    /// Seeds moto's random numbers: the ids it makes up from now on (`vpc-…`, key ids,
    /// deployment ids) are the same on every run, in AWS's shapes.
    pub async fn seed_ids(&self, seed: u64) {
        let answer = reqwest::Client::new()
            .post(format!("{}/moto-api/seed?a={seed}", self.endpoint()))
            .send()
            .await
            .expect("moto-api/seed");
        assert!(answer.status().is_success(), "moto-api/seed: {answer:?}");
    }

    fn wait_until_listening(&mut self) {
        let addr = SocketAddr::from(([127, 0, 0, 1], self.port));
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        while Instant::now() < deadline {
            if TcpStream::connect_timeout(&addr, Duration::from_millis(200)).is_ok() {
                return;
            }
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("moto_server exited during start-up: {status}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!("moto_server did not listen on {addr} within {STARTUP_TIMEOUT:?}");
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port that was free a moment ago (the OS picks it).
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("no free loopback port")
}

/// The arrival times (unix seconds) of the requests in a log written by
/// [`Moto::start_with_request_log`], from line `from` on.
pub fn request_times(log: &std::path::Path, from: usize) -> Vec<f64> {
    std::fs::read_to_string(log)
        .unwrap_or_default()
        .lines()
        .skip(from)
        .filter_map(|line| line.split(' ').next()?.parse().ok())
        .collect()
}
