//! A minimal keep-alive HTTP/1.1 server on loopback with a few fixed routes, so that both sides
//! of every comparison meet exactly the same server.
//!
//! It runs in a child process (this binary started with `serve`), so that its allocations stay
//! out of the clients' memory figures; it exits when its standard input closes.

use std::io::{BufRead, Write};
use std::net::SocketAddr;
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// The routes: a path prefix and the JSON body every request to it gets.
fn routes() -> Vec<(&'static str, Vec<u8>)> {
    vec![
        ("/page", crate::core_bench::body()),
        ("/partners-api/1.3/leads", crate::jeff_bench::LEAD.to_vec()),
        (
            "/oauth/v2/token",
            crate::friendlyscore_bench::TOKEN.to_vec(),
        ),
        ("/api/v2/users/", crate::friendlyscore_bench::USER.to_vec()),
    ]
}

/// The route whose requests `/__stats` counts (`{"token": n}`).
const COUNTED: &str = "/oauth/v2/token";

/// The server process, stopped when dropped.
pub struct Server {
    child: Child,
    addr: SocketAddr,
}

impl Server {
    /// Starts this binary as the server and waits for its address.
    pub fn spawn() -> Self {
        let mut child = Command::new(std::env::current_exe().expect("own path"))
            .arg("serve")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the server process");
        let mut line = String::new();
        std::io::BufReader::new(child.stdout.take().expect("server stdout"))
            .read_line(&mut line)
            .expect("server address");
        let addr = line.trim().parse().expect("server address");
        Self { child, addr }
    }

    /// `http://127.0.0.1:<port>`.
    pub fn url(&self) -> String {
        format!("http://{}", self.addr)
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.child.stdin.take());
        let _ = self.child.wait();
    }
}

fn answer(body: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
        body.len()
    )
    .into_bytes();
    out.extend_from_slice(body);
    out
}

/// The server's `main`: binds, prints its address, serves until standard input closes.
pub fn serve() {
    std::thread::spawn(|| {
        // Exit when the parent goes away (it holds our standard input).
        let _ = std::io::copy(&mut std::io::stdin(), &mut std::io::sink());
        std::process::exit(0);
    });
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("server runtime");
    runtime.block_on(async {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
        let mut stdout = std::io::stdout();
        writeln!(stdout, "{}", listener.local_addr().expect("addr")).expect("print address");
        stdout.flush().expect("flush");
        let routes: Arc<Vec<(&'static str, Vec<u8>)>> = Arc::new(
            routes()
                .into_iter()
                .map(|(prefix, body)| (prefix, answer(&body)))
                .collect(),
        );
        let counted = Arc::new(AtomicUsize::new(0));
        while let Ok((socket, _)) = listener.accept().await {
            let _ = socket.set_nodelay(true);
            tokio::spawn(connection(socket, routes.clone(), counted.clone()));
        }
    });
}

async fn connection(
    mut socket: tokio::net::TcpStream,
    routes: Arc<Vec<(&'static str, Vec<u8>)>>,
    counted: Arc<AtomicUsize>,
) {
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        if filled == buffer.len() {
            buffer.resize(buffer.len() * 2, 0);
        }
        match socket.read(&mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(read) => filled += read,
        }
        // Answer every complete request (head and body) in the buffer.
        while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&buffer[..end]);
            let length: usize = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.trim().eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse().ok())
                .unwrap_or(0);
            let total = end + 4 + length;
            if filled < total {
                break;
            }
            let path = head.split(' ').nth(1).unwrap_or("/").to_owned();
            let stats;
            let reply: &[u8] = if path.starts_with("/__stats") {
                let count = counted.load(Ordering::Relaxed);
                stats = answer(format!(r#"{{"token":{count}}}"#).as_bytes());
                &stats
            } else {
                if path.starts_with(COUNTED) {
                    counted.fetch_add(1, Ordering::Relaxed);
                }
                match routes.iter().find(|(prefix, _)| path.starts_with(prefix)) {
                    Some((_, reply)) => reply,
                    None => b"HTTP/1.1 404 Not Found\r\ncontent-length: 0\r\n\r\n",
                }
            };
            if socket.write_all(reply).await.is_err() {
                return;
            }
            buffer.copy_within(total..filled, 0);
            filled -= total;
        }
    }
}

/// How many token requests the server has answered.
pub async fn token_requests(http: &reqwest::Client, url: &str) -> usize {
    let body = http
        .get(format!("{url}/__stats"))
        .send()
        .await
        .expect("stats")
        .bytes()
        .await
        .expect("stats body");
    let stats: serde_json::Value = serde_json::from_slice(&body).expect("stats json");
    stats["token"].as_u64().expect("token count") as usize
}
