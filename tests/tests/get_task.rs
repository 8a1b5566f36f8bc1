//! `Client::get_task` of the generated client against the scripted loopback server: the exact
//! request it sends, what it decodes, and which `ErrorKind` each kind of failure becomes.
//!
//! Every client call goes through [`bounded`], so a client that never returns fails its test
//! instead of hanging the suite.

use std::time::{Duration, Instant};

use generated_client::{Client, ErrorKind, RetryPolicy, models};
use serde_json::json;
use tests::loopback::{Reply, Server, bounded};

/// A client for `{server}/api` with the bearer token `secret`.
fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_token("secret")
        .build()
        .expect("a valid configuration")
}

/// A realistic upload task: most declared fields, plus fields the spec does not declare.
const UPLOAD_TASK: &str = r#"{
  "id": "task-id",
  "type": "upload",
  "createdAt": 1587667174725,
  "scheduledAt": 1587667174800,
  "outputAssetId": "asset-1",
  "projectId": "project-1",
  "requesterId": "requester-1",
  "params": {
    "upload": {
      "url": "https://cdn.livepeer.com/ABC123/filename.mp4",
      "c2pa": false,
      "profiles": [
        {"name": "720p", "width": 1280, "height": 720, "bitrate": 3000000, "fps": 30, "fpsDen": 1, "gop": "2", "profile": "H264High", "encoder": "H.264"}
      ],
      "targetSegmentSizeSecs": 6
    }
  },
  "status": {"phase": "completed", "updatedAt": 1587667175999, "progress": 1, "retries": 0, "step": "upload"},
  "output": {
    "upload": {
      "videoFilePath": "https://s3.amazonaws.com/my-bucket/path/filename.mp4",
      "metadataFilePath": "https://s3.amazonaws.com/my-bucket/path/filename.json",
      "assetSpec": {"id": "asset-1", "name": "filename.mp4", "source": {"type": "url", "url": "https://example.com/in.mp4"}},
      "undeclaredByTheSpec": {"kept": [1, 2, 3]}
    }
  }
}"#;

// 1. Success

#[tokio::test]
async fn one_call_takes_its_own_header_and_timeout() {
    let server = Server::start(vec![Reply::json(200, UPLOAD_TASK)]).await;
    let client = client(&server);
    let (id, d) = ("task-id", Duration::from_secs(5));
    let task = bounded(
        client
            .get_task(id)
            .extra_header("x-request-id", "r-1")
            .request_timeout(d),
    )
    .await
    .expect("a 200 with a valid Task");
    assert_eq!(task.id.as_deref(), Some("task-id"));
    let request = &server.requests()[0];
    assert_eq!(request.line(), "GET /api/task/task-id");
    assert_eq!(request.header("x-request-id"), Some("r-1"));
    assert_eq!(request.header("authorization"), Some("Bearer secret"));
}

#[tokio::test]
async fn sends_the_documented_request_and_decodes_the_task() {
    let server = Server::start(vec![Reply::json(200, UPLOAD_TASK)]).await;
    let task = bounded(client(&server).get_task("task-id"))
        .await
        .expect("a 200 with a valid Task");

    let requests = server.requests();
    assert_eq!(requests.len(), 1);
    let request = &requests[0];
    assert_eq!(request.line(), "GET /api/task/task-id");
    assert_eq!(request.version, "HTTP/1.1");
    assert_eq!(request.header("authorization"), Some("Bearer secret"));
    assert_eq!(request.header("AUTHORIZATION"), Some("Bearer secret"));
    let user_agent = request.header("user-agent").expect("a user-agent header");
    assert!(user_agent.starts_with("generated-client/"), "{user_agent}");
    assert!(request.body.is_empty());

    assert_eq!(task.id.as_deref(), Some("task-id"));
    assert_eq!(task.r#type, Some(models::TaskType::Upload));
    assert_eq!(task.created_at, Some(1587667174725.0));
    assert_eq!(task.scheduled_at, Some(1587667174800.0));
    assert_eq!(task.output_asset_id.as_deref(), Some("asset-1"));
    assert_eq!(task.project_id.as_deref(), Some("project-1"));
    assert_eq!(task.requester_id.as_deref(), Some("requester-1"));
    assert_eq!(task.input_asset_id, None);

    let upload = task.params.unwrap().upload.expect("params.upload");
    assert_eq!(
        upload.url.as_deref(),
        Some("https://cdn.livepeer.com/ABC123/filename.mp4")
    );
    assert_eq!(upload.c2pa, Some(false));
    assert_eq!(upload.target_segment_size_secs, Some(6.0));
    let profiles = upload.profiles.expect("params.upload.profiles");
    assert_eq!(profiles.len(), 1);
    let profile = &profiles[0];
    assert_eq!(profile.name.as_deref(), Some("720p"));
    assert_eq!((profile.width, profile.height), (Some(1280), Some(720)));
    assert_eq!(profile.bitrate, 3_000_000);
    assert_eq!((profile.fps, profile.fps_den), (Some(30), Some(1)));
    assert_eq!(profile.gop.as_deref(), Some("2"));
    assert_eq!(
        profile.profile,
        Some(models::TranscodeProfileProfile::H264High)
    );
    assert_eq!(profile.encoder, Some(models::TranscodeProfileEncoder::H264));

    let status = task.status.expect("status");
    assert_eq!(status.phase, models::TaskStatusPhase::Completed);
    assert_eq!(status.updated_at, 1587667175999.0);
    assert_eq!(status.progress, Some(1.0));
    assert_eq!(status.retries, Some(0.0));
    assert_eq!(status.step.as_deref(), Some("upload"));
    assert_eq!(status.error_message, None);

    let output = task.output.unwrap().upload.expect("output.upload");
    assert_eq!(
        output.video_file_path.as_deref(),
        Some("https://s3.amazonaws.com/my-bucket/path/filename.mp4")
    );
    let asset = output.asset_spec.expect("output.upload.assetSpec");
    assert_eq!(
        (asset.id.as_str(), asset.name.as_str()),
        ("asset-1", "filename.mp4")
    );
    assert!(
        matches!(asset.source, models::AssetSource::Url(_)),
        "{:?}",
        asset.source
    );
    assert_eq!(
        output.additional_properties.keys().collect::<Vec<_>>(),
        ["undeclaredByTheSpec"]
    );
    assert_eq!(
        output.additional_properties["undeclaredByTheSpec"],
        json!({"kept": [1, 2, 3]})
    );
}

#[tokio::test]
async fn without_a_token_no_authorization_header_is_sent() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let task = bounded(client.get_task("t")).await.unwrap();
    assert_eq!(task.id, None);
    let request = &server.requests()[0];
    assert_eq!(request.line(), "GET /task/t");
    assert_eq!(request.header("authorization"), None);
}

// 2. Path parameter escaping

#[tokio::test]
async fn the_task_id_is_percent_encoded_as_one_path_segment() {
    let ids = ["a/../b?c#d", "ünï code", "A-z_0.9~", "100%", "..."];
    let script = ids.iter().map(|_| Reply::json(200, "{}")).collect();
    let server = Server::start(script).await;
    let client = client(&server);
    for id in ids {
        bounded(client.get_task(id))
            .await
            .unwrap_or_else(|e| panic!("{id:?}: {e}"));
    }
    let lines: Vec<String> = server.requests().iter().map(|r| r.line()).collect();
    assert_eq!(
        lines,
        [
            // `/`, `?` and `#` cannot leave the segment, so `..` is no dot-segment.
            "GET /api/task/a%2F..%2Fb%3Fc%23d",
            // Non-ASCII is encoded as its UTF-8 bytes; the space as %20, not `+`.
            "GET /api/task/%C3%BCn%C3%AF%20code",
            // RFC 3986 unreserved characters are left alone.
            "GET /api/task/A-z_0.9~",
            // A `%` is data, not an escape the caller wrote.
            "GET /api/task/100%25",
            // Three dots are an ordinary segment.
            "GET /api/task/...",
        ]
    );
}

// 3. Ids that cannot be one segment

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_anything_is_sent() {
    let server = Server::start(vec![]).await;
    let client = client(&server);
    for id in ["", ".", ".."] {
        let error = bounded(client.get_task(id)).await.unwrap_err();
        assert_eq!(error.kind(), ErrorKind::InvalidParameter, "{id:?}: {error}");
        assert_eq!(error.status(), None);
        assert_eq!(error.body(), None);
        assert!(error.to_string().contains("taskId"), "{error}");
    }
    assert_eq!(server.requests(), []);
}

// 4. An error status

#[tokio::test]
async fn a_404_is_a_status_error_with_the_body() {
    let server = Server::start(vec![Reply::json(404, r#"{"errors":["not found"]}"#)]).await;
    let error = bounded(client(&server).get_task("missing"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status, "{error}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.body(), Some(r#"{"errors":["not found"]}"#));
    let message = error.to_string();
    assert!(message.contains("404"), "{message}");
    assert!(message.contains("not found"), "{message}");
    assert_eq!(server.requests()[0].line(), "GET /api/task/missing");
}

// 5. Large error bodies are cut

#[tokio::test]
async fn a_large_error_body_is_kept_only_in_part() {
    let big = "x".repeat(5000);
    let server = Server::start(vec![Reply::json(500, big.clone())]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status);
    assert_eq!(error.status(), Some(500));
    let body = error.body().unwrap();
    assert_eq!(body, format!("{}…", &big[..1024]));
    assert!(error.to_string().len() < 2048, "{error}");
}

#[tokio::test]
async fn a_large_body_is_cut_at_a_character_boundary() {
    // 1024 is not a multiple of 3, so the limit falls inside a `€` (3 bytes in UTF-8): the
    // snippet stops before that character rather than splitting it.
    let big = "€".repeat(2000);
    let server = Server::start(vec![Reply::json(500, big)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        error.body(),
        Some(format!("{}…", "€".repeat(1024 / 3)).as_str())
    );
}

// 6. A body shorter than its Content-Length

#[tokio::test]
async fn a_body_cut_short_by_the_connection_is_a_transport_error_with_the_status() {
    let raw = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"id\": \"tr";
    let server = Server::start(vec![Reply::raw(raw)]).await;
    let client = Client::builder()
        .base_url(server.url())
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let error = bounded(client.get_task("t")).await.unwrap_err();
    // The body could not be received in full: that is Transport, not Decode, and the status
    // that did arrive is kept. No partial body is attached.
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body(), None);
    assert!(error.to_string().contains("200"), "{error}");
    assert!(std::error::Error::source(&error).is_some());
}

// 7. A complete response holding a cut JSON document

#[tokio::test]
async fn a_truncated_json_document_is_a_decode_error_with_the_snippet() {
    let snippet = r#"{"id": "x", "status": {"#;
    let server = Server::start(vec![Reply::json(200, snippet)]).await;
    let error = bounded(client(&server).get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body(), Some(snippet));
    let message = error.to_string();
    assert!(message.contains(snippet), "{message}");
    assert!(message.contains("200"), "{message}");
    let source = std::error::Error::source(&error).expect("the serde_json error");
    assert!(source.to_string().contains("EOF"), "{source}");
}

// 8. A body of the wrong shape

#[tokio::test]
async fn a_body_of_the_wrong_shape_is_a_decode_error() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"id": 5}"#),
        Reply::json(200, r#"["not", "an", "object"]"#),
        Reply::json(200, r#"{"status": {"phase": "completed"}}"#),
    ])
    .await;
    let client = client(&server);

    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.status(), Some(200));
    assert_eq!(error.body(), Some(r#"{"id": 5}"#));
    assert!(error.to_string().contains("invalid type"), "{error}");

    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");

    // `status.updatedAt` is required by the spec.
    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert!(error.to_string().contains("updatedAt"), "{error}");
}

// 9. Timeout

#[tokio::test]
async fn a_server_that_never_answers_times_out() {
    let server = Server::start(vec![Reply::NeverAnswer]).await;
    let client = Client::builder()
        .base_url(server.url())
        .timeout(Duration::from_millis(200))
        .retry_policy(RetryPolicy::never())
        .build()
        .unwrap();
    let started = Instant::now();
    let error = bounded(client.get_task("t")).await.unwrap_err();
    let elapsed = started.elapsed();
    assert_eq!(error.kind(), ErrorKind::Timeout, "{error}");
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
    assert!(elapsed >= Duration::from_millis(200), "{elapsed:?}");
    assert!(elapsed < Duration::from_secs(5), "{elapsed:?}");
    // The request did arrive; it was the answer that never came.
    assert_eq!(server.requests().len(), 1);
}

// 10. Connection refused

#[tokio::test]
async fn a_refused_connection_is_a_transport_error() {
    let addr = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap()
    };
    let client = Client::builder()
        .base_url(format!("http://{addr}/api"))
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let error = bounded(client.get_task("t")).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Transport, "{error}");
    assert_eq!(error.status(), None);
    assert_eq!(error.body(), None);
}

// 11. Debug, Clone

#[tokio::test]
async fn debug_never_shows_the_token_and_clones_share_the_configuration() {
    let server = Server::start(vec![Reply::json(200, "{}"), Reply::json(200, "{}")]).await;
    let base_url = format!("{}/api", server.url());
    let builder = Client::builder().base_url(&base_url).bearer_token("secret");
    let shown = format!("{builder:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains("<redacted>"), "{shown}");

    let client = builder.build().unwrap();
    let shown = format!("{client:?}");
    assert!(!shown.contains("secret"), "{shown}");
    assert!(shown.contains(&base_url), "{shown}");
    assert!(!format!("{client:#?}").contains("secret"));

    let clone = client.clone();
    drop(client);
    assert_eq!(clone.base_url(), base_url);
    bounded(clone.get_task("one")).await.unwrap();
    bounded(clone.clone().get_task("two")).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests.len(), 2);
    for (request, line) in requests
        .iter()
        .zip(["GET /api/task/one", "GET /api/task/two"])
    {
        assert_eq!(request.line(), line);
        assert_eq!(request.header("authorization"), Some("Bearer secret"));
    }
}

#[test]
fn client_and_error_can_cross_threads() {
    fn assert_send_sync<T: Send + Sync + 'static>() {}
    assert_send_sync::<Client>();
    assert_send_sync::<generated_client::Error>();
}

// 12. Configuration

#[test]
fn invalid_configuration_is_a_config_error_from_build() {
    let cases = [
        ("not a url", Client::builder().base_url("not a url")),
        ("ftp scheme", Client::builder().base_url("ftp://x")),
        (
            "query",
            Client::builder().base_url("https://example.com/api?x=1"),
        ),
        (
            "fragment",
            Client::builder().base_url("https://example.com/api#x"),
        ),
        (
            "newline in token",
            Client::builder().bearer_token("sec\nret"),
        ),
    ];
    for (case, builder) in cases {
        let error = builder.build().unwrap_err();
        assert_eq!(error.kind(), ErrorKind::Config, "{case}: {error}");
        assert_eq!(error.status(), None, "{case}");
        // The rejected token must not leak through the error either.
        assert!(!error.to_string().contains("sec\nret"), "{case}: {error}");
    }
}

#[test]
fn the_defaults_are_the_specs_first_server_and_the_documented_timeouts() {
    assert_eq!(
        generated_client::DEFAULT_BASE_URL,
        "https://livepeer.studio/api"
    );
    assert_eq!(generated_client::DEFAULT_TIMEOUT, Duration::from_secs(30));
    assert_eq!(
        generated_client::DEFAULT_CONNECT_TIMEOUT,
        Duration::from_secs(10)
    );
    let client = Client::builder().build().unwrap();
    assert_eq!(client.base_url(), generated_client::DEFAULT_BASE_URL);
    assert!(format!("{client:?}").contains("30s"), "{client:?}");
}

// 13. Trailing slash

#[tokio::test]
async fn a_trailing_slash_on_the_base_url_is_not_doubled() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let client = Client::builder()
        .base_url(format!("{}/api/", server.url()))
        .build()
        .unwrap();
    assert_eq!(client.base_url(), format!("{}/api", server.url()));
    bounded(client.get_task("x")).await.unwrap();
    assert_eq!(server.requests()[0].line(), "GET /api/task/x");
}

// 14. Unknown values

#[tokio::test]
async fn unknown_enum_values_and_undeclared_fields_survive() {
    let body = json!({
        "id": "t",
        "type": "transmogrify",
        "status": {"phase": "paused", "updatedAt": 1, "newStatusField": true},
        "params": {"upload": {"profiles": [{"bitrate": 1, "encoder": "AV1"}]}},
        "output": {"upload": {"extra": {"nested": [1, "two"]}}},
        "brandNewTopLevelField": {}
    });
    let server = Server::start(vec![Reply::json(200, body.to_string())]).await;
    let task = bounded(client(&server).get_task("t")).await.unwrap();

    assert_eq!(
        task.r#type,
        Some(models::TaskType::Other("transmogrify".into()))
    );
    let phase = &task.status.as_ref().unwrap().phase;
    assert_eq!(*phase, models::TaskStatusPhase::Other("paused".into()));
    assert_eq!(phase.to_string(), "paused");
    let profiles = task
        .params
        .as_ref()
        .unwrap()
        .upload
        .as_ref()
        .unwrap()
        .profiles
        .as_ref();
    assert_eq!(
        profiles.unwrap()[0].encoder,
        Some(models::TranscodeProfileEncoder::Other("AV1".into()))
    );

    let written = serde_json::to_value(&task).unwrap();
    assert_eq!(written["type"], "transmogrify");
    assert_eq!(written["status"]["phase"], "paused");
    assert_eq!(written["params"]["upload"]["profiles"][0]["encoder"], "AV1");
    // `output.upload` allows additional properties in the spec: they are kept verbatim.
    assert_eq!(
        written["output"]["upload"],
        json!({"extra": {"nested": [1, "two"]}})
    );
    // `Task` and `status` declare `additionalProperties: false`: undeclared fields there are
    // tolerated (decoding succeeds) but not kept.
    assert_eq!(written.get("brandNewTopLevelField"), None);
    assert_eq!(written["status"].get("newStatusField"), None);
    let again: models::Task = serde_json::from_value(written).unwrap();
    assert_eq!(again, task);
}

// Redirects

#[tokio::test]
async fn redirects_are_followed_but_the_token_never_leaves_the_origin() {
    let elsewhere = Server::start(vec![Reply::json(200, r#"{"id": "moved"}"#)]).await;
    let redirect = |location: String| Reply::Full {
        status: 302,
        headers: vec![("Location".to_owned(), location)],
        body: Vec::new(),
    };
    let server = Server::start(vec![
        redirect("/api/task/renamed".to_owned()),
        Reply::json(200, r#"{"id": "renamed"}"#),
        redirect(format!("{}/task/moved", elsewhere.url())),
    ])
    .await;
    let client = client(&server);

    let task = bounded(client.get_task("old")).await.unwrap();
    assert_eq!(task.id.as_deref(), Some("renamed"));
    let task = bounded(client.get_task("gone")).await.unwrap();
    assert_eq!(task.id.as_deref(), Some("moved"));

    let requests = server.requests();
    let lines: Vec<String> = requests.iter().map(|r| r.line()).collect();
    assert_eq!(
        lines,
        [
            "GET /api/task/old",
            "GET /api/task/renamed",
            "GET /api/task/gone"
        ]
    );
    for request in &requests {
        assert_eq!(request.header("authorization"), Some("Bearer secret"));
    }
    // Another port is another origin: the bearer token is not sent there.
    let moved = &elsewhere.requests()[0];
    assert_eq!(moved.line(), "GET /task/moved");
    assert_eq!(moved.header("authorization"), None);
}

#[tokio::test]
async fn a_caller_supplied_reqwest_client_is_used_with_its_own_user_agent() {
    let server = Server::start(vec![Reply::json(200, "{}")]).await;
    let http = generated_client::reqwest::Client::builder()
        .user_agent("custom-agent/1.0")
        .build()
        .unwrap();
    let client = Client::builder()
        .base_url(server.url())
        .bearer_token("secret")
        .http_client(http)
        .build()
        .unwrap();
    bounded(client.get_task("t")).await.unwrap();
    let requests = server.requests();
    assert_eq!(requests[0].header("user-agent"), Some("custom-agent/1.0"));
    assert_eq!(requests[0].header("authorization"), Some("Bearer secret"));
}
