//! The transport floor: hyper 1's own pooled client (`hyper_util::client::legacy`), HTTP/1.1
//! over plain loopback TCP, with nothing on top: no timeouts, no redirect policy, no retries,
//! no error classification. What any HTTP client in Rust pays at least for the same call.

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{HeaderName, HeaderValue};
use hyper::{Method, Request, StatusCode, Uri};
use hyper_util::client::legacy::Client;
use hyper_util::client::legacy::connect::HttpConnector;
use hyper_util::rt::TokioExecutor;

/// A keep-alive hyper client over plain TCP.
#[derive(Clone)]
pub struct Floor {
    client: Client<HttpConnector, Full<Bytes>>,
}

impl Floor {
    /// A client with `TCP_NODELAY` set, as reqwest sets it.
    pub fn new() -> Self {
        let mut connector = HttpConnector::new();
        connector.set_nodelay(true);
        Self {
            client: Client::builder(TokioExecutor::new()).build(connector),
        }
    }

    /// Sends one request and returns the body of its `200 OK` answer.
    pub async fn call(
        &self,
        method: Method,
        uri: Uri,
        headers: &[(HeaderName, HeaderValue)],
        body: Bytes,
    ) -> Bytes {
        let mut request = Request::builder().method(method).uri(uri);
        for (name, value) in headers {
            request = request.header(name, value);
        }
        let request = request.body(Full::new(body)).expect("floor request");
        let response = self.client.request(request).await.expect("floor send");
        assert_eq!(response.status(), StatusCode::OK, "floor status");
        response
            .into_body()
            .collect()
            .await
            .expect("floor body")
            .to_bytes()
    }

    /// `GET uri` with `headers`; the body of the answer.
    pub async fn get(&self, uri: Uri, headers: &[(HeaderName, HeaderValue)]) -> Bytes {
        self.call(Method::GET, uri, headers, Bytes::new()).await
    }
}
