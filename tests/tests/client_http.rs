//! The generated client against a real HTTP server on loopback: what it sends, what it makes of
//! good, bad and broken answers.

use std::future::Future;
use std::time::Duration;

use generated_client::{Client, ErrorKind, models};
use serde_json::json;
use tests::scripted_server::{Reply, ScriptedServer};

/// Fails the test instead of hanging it if the client never returns.
async fn bounded<T>(future: impl Future<Output = T>) -> T {
    tokio::time::timeout(Duration::from_secs(20), future)
        .await
        .expect("the client did not return within 20 s")
}

fn client(server: &ScriptedServer) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_token("secret")
        .build()
        .unwrap()
}

const TASK: &str = r#"{
    "id": "task-id",
    "type": "upload",
    "createdAt": 1587667174725,
    "params": {"upload": {"url": "https://example.com/a.mp4", "profiles": [{"bitrate": 3000000, "encoder": "H.264"}]}},
    "status": {"phase": "completed", "updatedAt": 1587667174999, "progress": 1},
    "output": {"upload": {"assetSpec": {"id": "a", "name": "a.mp4", "source": {"type": "url", "url": "https://example.com/a.mp4"}}, "extra": 1}}
}"#;

#[tokio::test]
async fn get_task_sends_the_documented_request_and_decodes_the_task() {
    let server = ScriptedServer::start(vec![Reply::json(200, TASK)]).await;
    let task = bounded(client(&server).get_task("task-id")).await.unwrap();

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].target, "/api/task/task-id");
    assert_eq!(requests[0].header("authorization"), Some("Bearer secret"));
    let user_agent = requests[0].header("user-agent").unwrap();
    assert!(user_agent.starts_with("generated-client/"), "{user_agent}");

    assert_eq!(task.id.as_deref(), Some("task-id"));
    assert_eq!(task.r#type, Some(models::TaskType::Upload));
    assert_eq!(task.created_at, Some(1587667174725.0));
    let status = task.status.unwrap();
    assert_eq!(status.phase, models::TaskStatusPhase::Completed);
    let profile = &task.params.unwrap().upload.unwrap().profiles.unwrap()[0];
    assert_eq!(profile.encoder, Some(models::TranscodeProfileEncoder::H264));
    let upload = task.output.unwrap().upload.unwrap();
    assert_eq!(upload.additional_properties["extra"], json!(1));
    assert!(matches!(
        upload.asset_spec.unwrap().source,
        models::AssetSource::Url(_)
    ));
}

#[tokio::test]
async fn the_task_id_is_one_percent_encoded_path_segment() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let client = client(&server);
    bounded(client.get_task("a/../b?c#d")).await.unwrap();
    bounded(client.get_task("ünï code")).await.unwrap();
    let targets: Vec<String> = server.requests().into_iter().map(|r| r.target).collect();
    assert_eq!(
        targets,
        [
            "/api/task/a%2F..%2Fb%3Fc%23d",
            "/api/task/%C3%BCn%C3%AF%20code"
        ]
    );
}

#[tokio::test]
async fn ids_that_cannot_be_one_segment_are_refused_before_sending() {
    let server = ScriptedServer::start(vec![]).await;
    let client = client(&server);
    for id in ["", ".", ".."] {
        let error = bounded(client.get_task(id)).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{id:?}: {error}");
        assert!(error.to_string().contains("taskId"), "{error}");
    }
    assert!(server.requests().is_empty());
}

#[tokio::test]
async fn an_error_status_is_an_error_with_status_and_body() {
    let server = ScriptedServer::start(vec![Reply::json(404, r#"{"errors":["not found"]}"#)]).await;
    let error = bounded(client(&server).get_task("missing"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status(), Some(404));
    assert!(error.body().unwrap().contains("not found"));
    let message = error.to_string();
    assert!(message.contains("404"), "{message}");
    assert!(message.contains("not found"), "{message}");
}

#[tokio::test]
async fn error_bodies_are_kept_only_in_part() {
    let big = format!(r#"{{"errors":["{}"]}}"#, "x".repeat(5000));
    let server = ScriptedServer::start(vec![Reply::json(500, &big)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    let body = error.body().unwrap();
    assert!(
        body.len() <= 1024 + '…'.len_utf8(),
        "{} bytes kept",
        body.len()
    );
    assert!(body.ends_with('…'));
}

#[tokio::test]
async fn a_body_cut_short_by_the_connection_is_a_transport_error() {
    let raw = b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{\"id\": \"tr".to_vec();
    let server = ScriptedServer::start(vec![Reply::Raw(raw)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.status(), Some(200));
}

#[tokio::test]
async fn a_truncated_json_document_is_a_decode_error_with_a_snippet() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"id": "x", "status": {"#)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body(), Some(r#"{"id": "x", "status": {"#));
    assert!(error.to_string().contains(r#"{"id": "x""#), "{error}");
    assert!(std::error::Error::source(&error).is_some());
}

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_decode_error() {
    let server = ScriptedServer::start(vec![Reply::json(200, r#"{"id": 5}"#)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode);
    assert!(error.to_string().contains("invalid type"), "{error}");
}

#[tokio::test]
async fn a_silent_server_times_out() {
    let server = ScriptedServer::start(vec![Reply::Silent]).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.status(), None);
}

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let url = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        format!("http://{}", listener.local_addr().unwrap())
    };
    let client = Client::builder().base_url(url).build().unwrap();
    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
}

#[tokio::test]
async fn debug_output_never_shows_the_token_and_clones_work() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let builder = Client::builder()
        .base_url(server.url())
        .bearer_token("secret");
    assert!(!format!("{builder:?}").contains("secret"));
    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains(server.url()), "{shown}");
    let clone = client.clone();
    bounded(clone.get_task("t")).await.unwrap();
    assert_eq!(
        server.requests()[0].header("authorization"),
        Some("Bearer secret")
    );
}

#[test]
fn invalid_configuration_fails_to_build() {
    for builder in [
        Client::builder().base_url("not a url"),
        Client::builder().base_url("ftp://example.com"),
        Client::builder().base_url("https://example.com/api?x=1"),
        Client::builder().bearer_token("line\nbreak"),
    ] {
        let error = builder.build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{error}");
    }
}

#[test]
fn the_default_base_url_is_the_specs_first_server() {
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), "https://livepeer.studio/api");
    assert_eq!(
        generated_client::DEFAULT_BASE_URL,
        "https://livepeer.studio/api"
    );
}

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_is_ignored() {
    let server = ScriptedServer::start(vec![Reply::json(200, "{}")]).await;
    let client = Client::builder()
        .base_url(format!("{}/api/", server.url()))
        .build()
        .unwrap();
    bounded(client.get_task("x")).await.unwrap();
    assert_eq!(server.requests()[0].target, "/api/task/x");
    assert_eq!(server.requests()[0].header("authorization"), None);
}

#[tokio::test]
async fn unknown_enum_values_and_fields_survive() {
    let body =
        r#"{"status": {"phase": "paused", "updatedAt": 1, "newField": true}, "brandNew": {}}"#;
    let server = ScriptedServer::start(vec![Reply::json(200, body)]).await;
    let task = bounded(client(&server).get_task("t")).await.unwrap();
    let phase = task.status.as_ref().unwrap().phase.clone();
    assert_eq!(phase, models::TaskStatusPhase::Other("paused".to_owned()));
    let written = serde_json::to_value(&task).unwrap();
    assert_eq!(written["status"]["phase"], "paused");
}
