//! A small HTTP service on 127.0.0.1 for the probe tests: `/health` answers 200, `/limited`
//! answers 429 once it has served its limit, `/unlimited` always answers 200.

use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};
use std::thread::JoinHandle;

/// The service, stopped on drop.
pub struct TestService {
    server: Arc<tiny_http::Server>,
    thread: Option<JoinHandle<()>>,
    base: String,
}

impl TestService {
    /// Starts the service on a free loopback port; `/limited` lets `limit` requests through.
    pub fn start(limit: u32) -> Self {
        let server =
            Arc::new(tiny_http::Server::http("127.0.0.1:0").expect("bind the test service"));
        let base = format!("http://{}", server.server_addr());
        let served = AtomicU32::new(0);
        let worker = Arc::clone(&server);
        let thread = std::thread::spawn(move || {
            for request in worker.incoming_requests() {
                let status = match request.url() {
                    "/health" | "/unlimited" => 200,
                    "/limited" if served.fetch_add(1, Ordering::SeqCst) < limit => 200,
                    "/limited" => 429,
                    _ => 404,
                };
                let _ = request.respond(tiny_http::Response::empty(status));
            }
        });
        Self {
            server,
            thread: Some(thread),
            base,
        }
    }

    /// `http://127.0.0.1:PORT` followed by `path`.
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

impl Drop for TestService {
    fn drop(&mut self) {
        self.server.unblock();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}
