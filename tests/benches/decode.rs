//! Decoding a large response: ~10 MB of a list type (`Vec<Item>` of the operations fixture)
//! through the generated client, against `serde_json::from_slice` of the same bytes, and
//! against the path-tracking decode the client used before (`serde_path_to_error`).
//!
//! The client's figure includes receiving the body over loopback HTTP; `transfer_only`
//! measures that alone (the same request through `reqwest`, the body read as bytes), so the
//! client's decoding costs `list_items_through_the_client - transfer_only`.
//!
//! `wide_structs_from_slice` reads objects of many fields (Livepeer's `Stream`, 33 declared,
//! 26 present, two undeclared), where finding each property's field costs the most.
//!
//! `cargo bench -p tests --bench decode`

use std::sync::Arc;

use operations_client::models::Item;
use operations_client::{Client, reqwest};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

fn main() {
    divan::main();
}

/// About 10 MB of JSON: 100,000 items.
fn body() -> Vec<u8> {
    let items: Vec<serde_json::Value> = (0..100_000)
        .map(|i| {
            serde_json::json!({
                "id": i,
                "name": format!("item number {i} with a name long enough to be typical"),
                "tags": ["alpha", "beta", format!("tag-{i}")],
            })
        })
        .collect();
    serde_json::to_vec(&items).unwrap()
}

/// Serves `body` as JSON to every request, one request per connection.
async fn serve(body: Arc<Vec<u8>>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move {
        loop {
            let Ok((mut stream, _)) = listener.accept().await else {
                return;
            };
            let body = Arc::clone(&body);
            tokio::spawn(async move {
                let mut request = Vec::new();
                let mut buffer = [0; 4096];
                while !request.windows(4).any(|w| w == b"\r\n\r\n") {
                    match stream.read(&mut buffer).await {
                        Ok(0) | Err(_) => return,
                        Ok(n) => request.extend_from_slice(&buffer[..n]),
                    }
                }
                let head = format!(
                    "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                    body.len()
                );
                let _ = stream.write_all(head.as_bytes()).await;
                let _ = stream.write_all(&body).await;
                let _ = stream.shutdown().await;
            });
        }
    });
    url
}

struct Setup {
    runtime: tokio::runtime::Runtime,
    body: Arc<Vec<u8>>,
    url: String,
}

fn setup() -> Setup {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let body = Arc::new(body());
    let url = runtime.block_on(serve(Arc::clone(&body)));
    Setup { runtime, body, url }
}

#[divan::bench(sample_count = 20)]
fn serde_json_from_slice(bencher: divan::Bencher) {
    let setup = setup();
    bencher.bench_local(|| serde_json::from_slice::<Vec<Item>>(&setup.body).unwrap());
}

/// The decode the client used before: the JSON path tracked through every value.
#[divan::bench(sample_count = 20)]
fn path_tracked(bencher: divan::Bencher) {
    let setup = setup();
    bencher.bench_local(|| {
        let mut deserializer = serde_json::Deserializer::from_slice(&setup.body);
        let items: Vec<Item> = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        items
    });
}

#[divan::bench(sample_count = 20)]
fn list_items_through_the_client(bencher: divan::Bencher) {
    let setup = setup();
    let client = Client::builder().base_url(&setup.url).build().unwrap();
    bencher.bench_local(|| setup.runtime.block_on(client.list_items()).unwrap());
}

#[divan::bench(sample_count = 20)]
fn transfer_only(bencher: divan::Bencher) {
    let setup = setup();
    let http = reqwest::Client::new();
    let url = format!("{}/items", setup.url);
    bencher.bench_local(|| {
        setup
            .runtime
            .block_on(async { http.get(&url).send().await.unwrap().bytes().await.unwrap() })
    });
}

/// About 20 MB of JSON: 20,000 `Stream`s of Livepeer's full API.
fn streams() -> Vec<u8> {
    let streams: Vec<serde_json::Value> = (0..20_000)
        .map(|i| {
            serde_json::json!({
                "id": format!("de7818e7-610a-4057-8f6f-{i:012}"),
                "name": format!("stream {i}"),
                "kind": "stream",
                "lastSeen": 1_587_667_174_725.0 + f64::from(i),
                "sourceSegments": 1.0,
                "transcodedSegments": 2.0,
                "sourceSegmentsDuration": 1.0,
                "transcodedSegmentsDuration": 2.0,
                "sourceBytes": 1.0,
                "transcodedBytes": 2.0,
                "ingestRate": 1.0,
                "outgoingRate": 2.0,
                "isActive": true,
                "isHealthy": true,
                "issues": ["none"],
                "createdByTokenName": "token",
                "createdAt": 1_587_667_174_725.0,
                "parentId": "de7818e7-610a-4057-8f6f-b785dc1e6f88",
                "streamKey": "hgebdhhigq",
                "playbackId": "eaw4nk06ts2d0mzb",
                "projectId": "aac12556-4d65-4d34-9fb6-d1f0985eb0a9",
                "record": false,
                "suspended": false,
                "lastTerminatedAt": 1_713_281_212_993.0,
                "userId": "66E2161C-7670-4D05-B71D-DA2D6979556F",
                "renditions": {},
                "addedLater": {"a": [1, 2, 3]},
                "another": null,
            })
        })
        .collect();
    serde_json::to_vec(&streams).unwrap()
}

#[divan::bench(sample_count = 20)]
fn wide_structs_from_slice(bencher: divan::Bencher) {
    let body = streams();
    bencher.bench_local(|| {
        serde_json::from_slice::<Vec<livepeer_full_client::models::Stream>>(&body).unwrap()
    });
}
