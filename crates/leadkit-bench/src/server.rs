//! A minimal keep-alive HTTP/1.1 server on loopback that answers every request with one fixed
//! body, so that both sides of a comparison meet exactly the same server.

use std::net::SocketAddr;
use std::sync::Arc;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

/// Starts the server on its own single-threaded runtime and returns its address.
pub fn start(body: Vec<u8>) -> SocketAddr {
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("server runtime");
        runtime.block_on(async move {
            let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
            sender
                .send(listener.local_addr().expect("addr"))
                .expect("send addr");
            let mut response = format!(
                "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n",
                body.len()
            )
            .into_bytes();
            response.extend_from_slice(&body);
            let response = Arc::new(response);
            while let Ok((socket, _)) = listener.accept().await {
                let _ = socket.set_nodelay(true);
                tokio::spawn(serve(socket, response.clone()));
            }
        });
    });
    receiver.recv().expect("server address")
}

async fn serve(mut socket: tokio::net::TcpStream, response: Arc<Vec<u8>>) {
    let mut buffer = vec![0u8; 16 * 1024];
    let mut filled = 0;
    loop {
        match socket.read(&mut buffer[filled..]).await {
            Ok(0) | Err(_) => return,
            Ok(read) => filled += read,
        }
        // Answer every complete request head in the buffer (GET requests have no body).
        while let Some(end) = buffer[..filled].windows(4).position(|w| w == b"\r\n\r\n") {
            if socket.write_all(&response).await.is_err() {
                return;
            }
            buffer.copy_within(end + 4..filled, 0);
            filled -= end + 4;
        }
        if filled == buffer.len() {
            return;
        }
    }
}
