//! Every one of the 64 operations of the client generated from Livepeer's full API spec
//! (`tests/fixtures/specs/livepeer-full.yaml`, crate `livepeer-full-client`) against the
//! scripted loopback server: the exact request line each sends (path parameters
//! percent-encoded, query strings in the spec's `form` style), the content type and body of
//! each request that has one, and the key fields of what each decodes from a response shaped
//! like the spec's schemas (values taken from the schemas' examples).
//!
//! One test per resource, one server per test, its script in call order. Every client call
//! goes through [`bounded`], so a client that never returns fails its test instead of hanging
//! the suite, and the client never retries, so a failure shows on the first attempt.

use std::collections::BTreeMap;

use livepeer_full_client::models::{self, Nullable};
use livepeer_full_client::operations::UploadAssetSuccess;
use livepeer_full_client::{Client, ErrorBody, ErrorKind, FilePart, RetryPolicy};
use serde_json::{Value, json};
use tests::loopback::{Reply, Request, Server, bounded};

// Helpers

/// A client for `{server}/api` (the shape of the spec's server, `https://livepeer.studio/api`)
/// with the bearer token `secret`, which never retries.
fn client(server: &Server) -> Client {
    Client::builder()
        .base_url(format!("{}/api", server.url()))
        .bearer_token("secret")
        .retry_policy(RetryPolicy::never())
        .build()
        .expect("a valid configuration")
}

/// A JSON reply with this status and body.
fn reply(status: u16, body: &Value) -> Reply {
    Reply::json(status, body.to_string())
}

/// The requests the server received, after checking that each carried the bearer token.
fn requests(server: &Server) -> Vec<Request> {
    let requests = server.requests();
    for request in &requests {
        assert_eq!(
            request.header("authorization"),
            Some("Bearer secret"),
            "{}",
            request.line()
        );
    }
    requests
}

/// `METHOD target` of each request, in order.
fn lines(requests: &[Request]) -> Vec<String> {
    requests.iter().map(Request::line).collect()
}

/// Asserts that a request has neither a body nor a content type.
fn assert_no_body(request: &Request) {
    assert!(
        request.body.is_empty(),
        "{}: {}",
        request.line(),
        String::from_utf8_lossy(&request.body)
    );
    assert_eq!(request.header("content-type"), None, "{}", request.line());
}

/// The body of a JSON request, after checking its content type.
fn json_body(request: &Request) -> Value {
    assert_eq!(
        request.header("content-type"),
        Some("application/json"),
        "{}",
        request.line()
    );
    serde_json::from_slice(&request.body).unwrap_or_else(|e| {
        panic!(
            "{}: the body is not JSON ({e}): {}",
            request.line(),
            String::from_utf8_lossy(&request.body)
        )
    })
}

/// One part of a `multipart/form-data` body.
#[derive(Debug)]
struct Part {
    /// The part's header lines, as sent.
    headers: String,
    /// The part's content, byte for byte.
    content: Vec<u8>,
}

impl Part {
    /// The content as text.
    fn text(&self) -> String {
        String::from_utf8_lossy(&self.content).into_owned()
    }
}

/// Where `needle` first occurs in `haystack`.
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

/// The parts of a `multipart/form-data` request body by name, after checking the content type
/// and the framing (RFC 7578: each part after `--boundary`, the body closed by
/// `--boundary--`).
fn multipart(request: &Request) -> BTreeMap<String, Part> {
    let content_type = request
        .header("content-type")
        .unwrap_or_else(|| panic!("{}: no content type", request.line()));
    let boundary = content_type
        .strip_prefix("multipart/form-data; boundary=")
        .unwrap_or_else(|| panic!("{}: content type {content_type}", request.line()));
    assert!(!boundary.is_empty());
    let body = request.body.as_slice();
    let opening = format!("--{boundary}\r\n");
    let closing = format!("\r\n--{boundary}--\r\n");
    assert!(body.starts_with(opening.as_bytes()), "{}", request.line());
    assert!(body.ends_with(closing.as_bytes()), "{}", request.line());
    let mut inner = &body[opening.len()..body.len() - closing.len()];
    let delimiter = format!("\r\n--{boundary}\r\n");
    let mut raw_parts = Vec::new();
    while let Some(at) = find(inner, delimiter.as_bytes()) {
        raw_parts.push(&inner[..at]);
        inner = &inner[at + delimiter.len()..];
    }
    raw_parts.push(inner);
    let mut parts = BTreeMap::new();
    for raw in raw_parts {
        let split = find(raw, b"\r\n\r\n")
            .unwrap_or_else(|| panic!("{}: a part without headers", request.line()));
        let headers = String::from_utf8_lossy(&raw[..split]).into_owned();
        let name = headers
            .split("name=\"")
            .nth(1)
            .and_then(|rest| rest.split('"').next())
            .unwrap_or_else(|| panic!("{}: a part without a name: {headers}", request.line()))
            .to_owned();
        let part = Part {
            headers,
            content: raw[split + 4..].to_vec(),
        };
        assert!(
            parts.insert(name.clone(), part).is_none(),
            "{}: two parts named {name}",
            request.line()
        );
    }
    parts
}

/// The names of the parts, sorted.
fn part_names(parts: &BTreeMap<String, Part>) -> Vec<&str> {
    parts.keys().map(String::as_str).collect()
}

/// A JSON object as a `serde_json::Map`, for the spec's free-form object properties.
fn object(value: Value) -> serde_json::Map<String, Value> {
    match value {
        Value::Object(map) => map,
        other => panic!("not an object: {other}"),
    }
}

// Fixtures: response bodies shaped like the spec's schemas, with the schemas' example values

const STREAM_ID: &str = "de7818e7-610a-4057-8f6f-b785dc1e6f88";
const PLAYBACK_ID: &str = "eaw4nk06ts2d0mzb";
const PROJECT_ID: &str = "aac12556-4d65-4d34-9fb6-d1f0985eb0a9";
const ASSET_ID: &str = "09F8B46C-61A0-4254-9875-F71F4C605BC7";
const TASK_ID: &str = "34d7618e-fd42-4798-acf5-19504616a11e";
const SESSION_ID: &str = "d32ae9e6-c459-4931-9898-e86e2f5e7e16";
const WEBHOOK_ID: &str = "3c1c9d1b-6a5e-4b09-a7a8-0f9e2d0e7c11";
const TIMESTAMP: i64 = 1587667174725;
/// The first bytes of a PNG file, which are not valid UTF-8.
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x02\x00";

/// The spec's `ffmpeg-profile` example.
fn ffmpeg_profile_json() -> Value {
    json!({
        "width": 1280, "name": "720p", "height": 720, "bitrate": 3000000, "fps": 30,
        "fpsDen": 1, "quality": 23, "gop": "2", "profile": "H264Baseline"
    })
}

/// The spec's `transcode-profile` example.
fn transcode_profile_json() -> Value {
    json!({
        "width": 1280, "name": "720p", "height": 720, "bitrate": 3000000, "quality": 23,
        "fps": 30, "fpsDen": 1, "gop": "2", "profile": "H264Baseline", "encoder": "H.264"
    })
}

/// The spec's `transcode-profile` example as the model.
fn transcode_profile() -> models::TranscodeProfile {
    models::TranscodeProfile::new(3_000_000)
        .with_width(1280)
        .with_name("720p")
        .with_height(720)
        .with_quality(23)
        .with_fps(30)
        .with_fps_den(1)
        .with_gop("2")
        .with_profile(models::TranscodeProfileProfile::H264Baseline)
        .with_encoder(models::TranscodeProfileEncoder::H264)
}

/// A live stream with every declared property.
fn stream_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "kind": "stream",
        "creatorId": {"type": "unverified", "value": "user123"},
        "userTags": {"tier": "gold", "rank": 3, "labels": ["live", 2024]},
        "lastSeen": TIMESTAMP,
        "sourceSegments": 1,
        "transcodedSegments": 2,
        "sourceSegmentsDuration": 1,
        "transcodedSegmentsDuration": 2,
        "sourceBytes": 1,
        "transcodedBytes": 2,
        "ingestRate": 1,
        "outgoingRate": 2,
        "isActive": true,
        "isHealthy": true,
        "issues": ["Low bitrate"],
        "createdByTokenName": "abc-123-xyz-456",
        "createdAt": TIMESTAMP,
        "parentId": "af7818e7-610a-4057-8f6f-b785dc1e6f88",
        "streamKey": "hgebdhhigq",
        "pull": {
            "source": "https://myservice.com/live/stream.flv",
            "headers": {"Authorization": "Bearer 123"},
            "isMobile": 0,
            "location": {"lat": 39.739, "lon": -104.988}
        },
        "playbackId": PLAYBACK_ID,
        "playbackPolicy": {
            "type": "webhook",
            "webhookId": "1bde4o2i6xycudoy",
            "webhookContext": {"streamerId": "my-custom-id"},
            "refreshInterval": 600
        },
        "profiles": [ffmpeg_profile_json()],
        "projectId": PROJECT_ID,
        "record": false,
        "recordingSpec": {"profiles": [transcode_profile_json()]},
        "multistream": {"targets": [{"id": "PUSH123", "profile": "720p"}]},
        "suspended": false,
        "lastTerminatedAt": null,
        "userId": "we7818e7-610a-4057-8f6f-b785dc1e6f88",
        "renditions": {}
    })
}

/// An idle stream with only a few properties, the health ones `null` as the spec allows.
fn idle_stream_json(id: &str, name: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "isActive": false,
        "isHealthy": null,
        "issues": null,
        "lastTerminatedAt": 1713281212993_i64,
        "playbackId": "f5eese9wwl88k4g8",
        "record": true
    })
}

/// A ready asset from this source.
fn asset_json(id: &str, source: Value) -> Value {
    json!({
        "id": id,
        "type": "video",
        "playbackId": PLAYBACK_ID,
        "userId": "66E2161C-7670-4D05-B71D-DA2D6979556F",
        "playbackUrl": "https://livepeercdn.com/asset/ea03f37e-f861-4cdd-b495-0e60b6d753ad/index.m3u8",
        "downloadUrl": "https://livepeercdn.com/asset/eaw4nk06ts2d0mzb/video/download.mp4",
        "playbackPolicy": {"type": "public"},
        "source": source,
        "creatorId": {"type": "unverified", "value": "user123"},
        "profiles": [transcode_profile_json()],
        "storage": {
            "ipfs": {
                "spec": {"nftMetadataTemplate": "file", "nftMetadata": {"name": "My NFT"}},
                "nftMetadata": {
                    "cid": "Qmabc123xyz341",
                    "url": "ipfs://Qmabc123xyz341",
                    "gatewayUrl": "https://gateway.ipfs.io/ipfs/Qmabc123xyz341"
                },
                "updatedAt": TIMESTAMP
            },
            "status": {"phase": "ready", "progress": 1, "tasks": {"last": ASSET_ID}}
        },
        "status": {"phase": "ready", "updatedAt": TIMESTAMP, "progress": 1},
        "name": "filename.mp4",
        "projectId": PROJECT_ID,
        "createdAt": TIMESTAMP,
        "createdByTokenName": "abc-123-xyz-456",
        "size": 84934509,
        "hash": [{
            "hash": "9b560b28b85378a5004117539196ab24e21bbd75b0e9eb1a8bc7c5fd80dc5b57",
            "algorithm": "sha256"
        }],
        "videoSpec": {
            "format": "mp4",
            "duration": 23.8328,
            "bitrate": 1000000,
            "tracks": [
                {
                    "type": "video", "codec": "h264", "startTime": 0, "duration": 23.8238,
                    "bitrate": 1000000, "width": 1920, "height": 1080,
                    "pixelFormat": "yuv420p", "fps": 30
                },
                {
                    "type": "audio", "codec": "aac", "startTime": 0, "duration": 23.8238,
                    "bitrate": 128000, "channels": 2, "sampleRate": 44100, "bitDepth": 16
                }
            ]
        }
    })
}

/// An asset still waiting for its upload, as `request-upload` and `upload/url` return it.
fn waiting_asset_json(id: &str, source: Value) -> Value {
    json!({
        "id": id,
        "name": "filename.mp4",
        "source": source,
        "playbackId": PLAYBACK_ID,
        "status": {"phase": "waiting", "updatedAt": TIMESTAMP},
        "projectId": PROJECT_ID,
        "createdAt": TIMESTAMP,
        "hash": null
    })
}

/// A recorded session of a stream.
fn session_json(id: &str) -> Value {
    json!({
        "id": id,
        "kind": "stream",
        "userId": "66E2161C-7670-4D05-B71D-DA2D6979556F",
        "name": "test_session",
        "lastSeen": TIMESTAMP,
        "sourceSegments": 1,
        "transcodedSegments": 2,
        "sourceSegmentsDuration": 1,
        "transcodedSegmentsDuration": 2,
        "sourceBytes": 1,
        "transcodedBytes": 2,
        "ingestRate": 1,
        "outgoingRate": 2,
        "isHealthy": true,
        "issues": [],
        "createdAt": TIMESTAMP,
        "parentId": STREAM_ID,
        "projectId": PROJECT_ID,
        "record": true,
        "recordingStatus": "ready",
        "recordingUrl": "https://livepeercdn.com/recordings/d32ae9e6/index.m3u8",
        "mp4Url": "https://livepeercdn.com/recordings/d32ae9e6/source.mp4",
        "playbackId": PLAYBACK_ID,
        "profiles": [ffmpeg_profile_json()],
        "recordingSpec": {"profiles": [transcode_profile_json()]}
    })
}

/// A webhook as the API returns it: the write-only `sharedSecret` left out.
fn webhook_json(id: &str, name: &str, events: Value) -> Value {
    json!({
        "id": id,
        "name": name,
        "kind": "webhook",
        "projectId": PROJECT_ID,
        "createdAt": TIMESTAMP,
        "events": events,
        "url": "https://my-service.com/webhook",
        "streamId": STREAM_ID,
        "status": {
            "lastFailure": {
                "timestamp": TIMESTAMP,
                "error": "Error message",
                "response": "Response body",
                "statusCode": 500
            },
            "lastTriggeredAt": TIMESTAMP
        }
    })
}

/// A delivery of a webhook.
fn webhook_log_json(id: &str, success: bool) -> Value {
    json!({
        "id": id,
        "webhookId": WEBHOOK_ID,
        "event": "stream.started",
        "createdAt": TIMESTAMP,
        "duration": 0.5,
        "success": success,
        "request": {
            "url": "https://my-service.com/webhook",
            "method": "POST",
            "headers": {"User-Agent": "livepeer.studio"},
            "body": "{\"event\": \"stream.started\"}"
        },
        "response": {
            "body": if success { "OK" } else { "Bad Gateway" },
            "status": if success { 200 } else { 502 },
            "statusText": if success { "OK" } else { "Bad Gateway" }
        }
    })
}

/// A signing key as listed (no private key: the spec's `signing-key` declares none).
fn signing_key_json(id: &str, name: &str, disabled: bool) -> Value {
    json!({
        "id": id,
        "name": name,
        "userId": "78df0075-b5f3-4683-a618-1086faca35dc",
        "createdAt": TIMESTAMP,
        "lastSeen": TIMESTAMP + 1000,
        "publicKey": "LS0tLS1CRUdJTiBQVUJMSUMgS0VZLS0tLS0KTUZrd0V3WUhLb1pJemowQ0FRWUlLb1pJemowREFRY0RRZ0FF",
        "disabled": disabled,
        "projectId": "aac12556-4d65-4d34-9fb"
    })
}

/// A completed upload task.
fn upload_task_json(id: &str) -> Value {
    json!({
        "id": id,
        "type": "upload",
        "createdAt": TIMESTAMP,
        "scheduledAt": TIMESTAMP + 75,
        "outputAssetId": ASSET_ID,
        "projectId": PROJECT_ID,
        "requesterId": "09F8B46C-61A0-4254-9875-F71F4C605BC8",
        "params": {
            "upload": {
                "url": "https://cdn.livepeer.com/ABC123/filename.mp4",
                "c2pa": true,
                "profiles": [transcode_profile_json()],
                "targetSegmentSizeSecs": 6
            }
        },
        "status": {"phase": "completed", "updatedAt": TIMESTAMP + 1274, "progress": 1, "retries": 0},
        "output": {
            "upload": {
                "videoFilePath": "https://s3.amazonaws.com/my-bucket/path/filename.mp4",
                "metadataFilePath": "https://s3.amazonaws.com/my-bucket/path/filename.json",
                "assetSpec": {
                    "id": ASSET_ID,
                    "name": "filename.mp4",
                    "source": {"type": "url", "url": "https://cdn.livepeer.com/ABC123/filename.mp4"}
                }
            }
        }
    })
}

/// A running export to IPFS through Pinata.
fn export_task_json(id: &str) -> Value {
    json!({
        "id": id,
        "type": "export",
        "createdAt": TIMESTAMP,
        "inputAssetId": ASSET_ID,
        "params": {"export": {"ipfs": {"pinata": {"apiKey": "1234567890"}}}},
        "status": {"phase": "running", "updatedAt": TIMESTAMP, "progress": 0.5},
        "output": {
            "export": {
                "ipfs": {
                    "videoFileCid": "Qmabc123xyz341",
                    "videoFileUrl": "ipfs://Qmabc123xyz341",
                    "videoFileGatewayUrl": "https://gateway.ipfs.io/ipfs/Qmabc123xyz341"
                }
            }
        }
    })
}

/// A pending `transcode-file` task, as `POST /transcode` answers.
fn transcode_task_json(id: &str) -> Value {
    json!({
        "id": id,
        "type": "transcode-file",
        "createdAt": TIMESTAMP,
        "scheduledAt": TIMESTAMP,
        "projectId": PROJECT_ID,
        "params": {
            "transcode-file": {
                "input": {"url": "https://s3.amazonaws.com/bucket/file.mp4"},
                "storage": {"url": "s3+https://accessKeyId:secretAccessKey@s3Endpoint/bucket"},
                "outputs": {"hls": {"path": "/samplevideo/hls"}, "mp4": {"path": "/samplevideo/mp4"}},
                "profiles": [transcode_profile_json()],
                "targetSegmentSizeSecs": 10,
                "creatorId": {"type": "unverified", "value": "user123"},
                "c2pa": false
            }
        },
        "status": {"phase": "pending", "updatedAt": TIMESTAMP}
    })
}

// Streams

#[tokio::test]
async fn streams() {
    let created = stream_json(STREAM_ID, "test_stream");
    let server = Server::start(vec![
        reply(
            200,
            &json!([
                stream_json(STREAM_ID, "test_stream"),
                idle_stream_json("e8a3c4b0-1111-4c4a-9bd0-61b8c1b1a9a2", "backup")
            ]),
        ),
        reply(201, &created),
        reply(200, &idle_stream_json("video+abc/1", "odd id")),
        Reply::status(204),
        Reply::status(204),
        Reply::status(204),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);

    // GET /stream, with the one optional query parameter.
    let streams = bounded(client.get_streams().streamsonly("1"))
        .await
        .unwrap();
    assert_eq!(streams.len(), 2);
    let live = &streams[0];
    assert_eq!(live.id.as_deref(), Some(STREAM_ID));
    assert_eq!(live.name, "test_stream");
    assert_eq!(live.is_active, Some(true));
    assert_eq!(live.is_healthy, Some(true));
    assert_eq!(live.issues, Some(vec!["Low bitrate".to_owned()]));
    assert_eq!(
        live.creator_id,
        Some(models::CreatorId::new(
            models::CreatorIdType::Unverified,
            "user123"
        ))
    );
    let tags = live.user_tags.as_ref().unwrap();
    assert_eq!(
        tags["tier"],
        models::StreamUserTagsValue::String("gold".to_owned())
    );
    assert_eq!(tags["rank"], models::StreamUserTagsValue::Number(3.0));
    assert_eq!(
        tags["labels"],
        models::StreamUserTagsValue::Array(vec![
            models::StreamUserTagsValueArrayItem::String("live".to_owned()),
            models::StreamUserTagsValueArrayItem::Number(2024.0),
        ])
    );
    let pull = live.pull.as_ref().unwrap();
    assert_eq!(pull.source, "https://myservice.com/live/stream.flv");
    assert_eq!(pull.is_mobile, Some(models::StreamPullIsMobile::Integer(0)));
    assert_eq!(pull.location.as_ref().unwrap().lon, -104.988);
    let policy = live.playback_policy.as_ref().unwrap();
    assert_eq!(policy.r#type, models::PlaybackPolicyType::Webhook);
    assert_eq!(policy.refresh_interval, Some(600.0));
    assert_eq!(
        policy.webhook_context.as_ref().unwrap()["streamerId"],
        "my-custom-id"
    );
    let profile = &live.profiles.as_ref().unwrap()[0];
    assert_eq!((profile.width, profile.height), (1280, 720));
    assert_eq!(
        profile.profile,
        Some(models::FfmpegProfileProfile::H264Baseline)
    );
    assert_eq!(
        live.recording_spec
            .as_ref()
            .unwrap()
            .profiles
            .as_ref()
            .unwrap()[0]
            .encoder,
        Some(models::TranscodeProfileEncoder::H264)
    );
    let targets = live.multistream.as_ref().unwrap().targets.as_ref().unwrap();
    assert_eq!(targets[0].id.as_deref(), Some("PUSH123"));
    assert_eq!(live.last_terminated_at, None);
    assert_eq!(live.renditions, Some(serde_json::Map::new()));
    let idle = &streams[1];
    assert_eq!(idle.is_active, Some(false));
    assert_eq!(idle.is_healthy, None);
    assert_eq!(idle.issues, None);
    assert_eq!(idle.last_terminated_at, Some(1713281212993.0));

    // POST /stream
    let new_stream = models::NewStreamPayload::new("test_stream")
        .with_pull(
            models::StreamPull::new("https://myservice.com/live/stream.flv")
                .with_headers(BTreeMap::from([(
                    "Authorization".to_owned(),
                    "Bearer 123".to_owned(),
                )]))
                .with_is_mobile(models::StreamPullIsMobile::Boolean(false))
                .with_location(models::StreamPullLocation::new(39.739, -104.988)),
        )
        .with_creator_id(models::InputCreatorId::String("user123".to_owned()))
        // An optional nullable field's setter takes the value itself, or `Nullable`.
        .with_playback_policy(
            models::PlaybackPolicy::new(models::PlaybackPolicyType::Webhook)
                .with_webhook_id("1bde4o2i6xycudoy")
                .with_webhook_context(object(json!({"streamerId": "my-custom-id"})))
                .with_refresh_interval(600.0),
        )
        .with_profiles(Nullable::Value(vec![
            models::FfmpegProfile::new(1280, "720p", 720, 3_000_000, 30)
                .with_fps_den(1)
                .with_quality(23)
                .with_gop("2")
                .with_profile(models::FfmpegProfileProfile::H264Baseline),
        ]))
        .with_record(false)
        .with_recording_spec(
            models::NewStreamPayloadRecordingSpec::new().with_profiles(vec![transcode_profile()]),
        )
        .with_multistream(
            models::StreamMultistream::new().with_targets([models::Target::new("720p0")
                .with_video_only(false)
                .with_spec(
                    models::TargetSpec::new()
                        .with_name("My target")
                        .with_url("rtmps://live.my-service.tv/channel/secretKey"),
                )]),
        )
        .with_user_tags(BTreeMap::from([(
            "tier".to_owned(),
            models::StreamUserTagsValue::String("gold".to_owned()),
        )]));
    let response = bounded(client.create_stream(&new_stream).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.body().id.as_deref(), Some(STREAM_ID));
    assert_eq!(response.body().stream_key.as_deref(), Some("hgebdhhigq"));
    assert_eq!(response.body().playback_id.as_deref(), Some(PLAYBACK_ID));

    // GET /stream/{id}: the id is one path segment, `+` and `/` encoded.
    let stream = bounded(client.get_stream("video+abc/1")).await.unwrap();
    assert_eq!(stream.id.as_deref(), Some("video+abc/1"));
    assert_eq!(stream.record, Some(true));

    // PATCH /stream/{id}: `playbackPolicy: null` clears the policy; absent fields are left out.
    let patch = models::StreamPatchPayload::default()
        .with_record(true)
        .with_suspended(false)
        .with_playback_policy(Nullable::Null)
        .with_name("renamed_stream");
    let response = bounded(client.update_stream(STREAM_ID, &patch).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    // The empty-bodied stream operations.
    bounded(client.terminate_stream(STREAM_ID)).await.unwrap();
    bounded(client.start_pull_stream(STREAM_ID)).await.unwrap();
    let response = bounded(client.delete_stream(STREAM_ID).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/stream?streamsonly=1".to_owned(),
            "POST /api/stream".to_owned(),
            "GET /api/stream/video%2Babc%2F1".to_owned(),
            format!("PATCH /api/stream/{STREAM_ID}"),
            format!("DELETE /api/stream/{STREAM_ID}/terminate"),
            format!("POST /api/stream/{STREAM_ID}/start-pull"),
            format!("DELETE /api/stream/{STREAM_ID}"),
        ]
    );
    let user_agent = requests[0].header("user-agent").unwrap_or_default();
    assert!(
        user_agent.starts_with("livepeer-full-client/"),
        "{user_agent}"
    );
    assert_no_body(&requests[0]);
    assert_eq!(
        json_body(&requests[1]),
        json!({
            "name": "test_stream",
            "pull": {
                "source": "https://myservice.com/live/stream.flv",
                "headers": {"Authorization": "Bearer 123"},
                "isMobile": false,
                "location": {"lat": 39.739, "lon": -104.988}
            },
            "creatorId": "user123",
            "playbackPolicy": {
                "type": "webhook",
                "webhookId": "1bde4o2i6xycudoy",
                "webhookContext": {"streamerId": "my-custom-id"},
                "refreshInterval": 600.0
            },
            "profiles": [ffmpeg_profile_json()],
            "record": false,
            "recordingSpec": {"profiles": [transcode_profile_json()]},
            "multistream": {
                "targets": [{
                    "profile": "720p0",
                    "videoOnly": false,
                    "spec": {"name": "My target", "url": "rtmps://live.my-service.tv/channel/secretKey"}
                }]
            },
            "userTags": {"tier": "gold"}
        })
    );
    assert_no_body(&requests[2]);
    assert_eq!(
        json_body(&requests[3]),
        json!({"record": true, "suspended": false, "playbackPolicy": null, "name": "renamed_stream"})
    );
    for request in &requests[4..] {
        assert_no_body(request);
    }
}

#[tokio::test]
async fn stream_clips_and_stream_multistream_targets() {
    let clip_source = json!({
        "type": "clip",
        "sessionId": SESSION_ID,
        "playbackId": PLAYBACK_ID,
        "requesterId": "09F8B46C-61A0-4254-9875-F71F4C605BC8",
        "assetId": ASSET_ID
    });
    let server = Server::start(vec![
        reply(200, &json!([asset_json("clip-asset-1", clip_source)])),
        Reply::status(204),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);

    // GET /stream/{id}/clips: the id may be the stream's playback id.
    let clips = bounded(client.get_clips(PLAYBACK_ID)).await.unwrap();
    assert_eq!(clips.len(), 1);
    assert_eq!(clips[0].id, "clip-asset-1");
    let models::AssetSource::Clip(source) = &clips[0].source else {
        panic!("not a clip source: {:?}", clips[0].source);
    };
    assert_eq!(source.session_id.as_deref(), Some(SESSION_ID));
    assert_eq!(source.asset_id.as_deref(), Some(ASSET_ID));

    // POST /stream/{id}/create-multistream-target
    let target = models::Target::new("720p0")
        .with_video_only(true)
        .with_spec(
            models::TargetSpec::new()
                .with_name("Twitch")
                .with_url("rtmps://live.twitch.tv/app/live_123456"),
        );
    bounded(client.add_multistream_target(STREAM_ID, &target))
        .await
        .unwrap();

    // DELETE /stream/{id}/multistream/{targetId}
    bounded(client.remove_multistream_target(STREAM_ID, "PUSH 123"))
        .await
        .unwrap();

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            format!("GET /api/stream/{PLAYBACK_ID}/clips"),
            format!("POST /api/stream/{STREAM_ID}/create-multistream-target"),
            format!("DELETE /api/stream/{STREAM_ID}/multistream/PUSH%20123"),
        ]
    );
    assert_no_body(&requests[0]);
    assert_eq!(
        json_body(&requests[1]),
        json!({
            "profile": "720p0",
            "videoOnly": true,
            "spec": {"name": "Twitch", "url": "rtmps://live.twitch.tv/app/live_123456"}
        })
    );
    assert_no_body(&requests[2]);
}

// Multistream targets

#[tokio::test]
async fn multistream_targets() {
    let target_id = "09F8B46C-61A0-4254-9875-F71F4C605BC7";
    let target_json = json!({
        "id": target_id,
        "name": "My target",
        "userId": "66E2161C-7670-4D05-B71D-DA2D6979556F",
        "disabled": false,
        "createdAt": TIMESTAMP
    });
    let server = Server::start(vec![
        reply(200, &json!([target_json.clone()])),
        reply(201, &target_json),
        reply(200, &target_json),
        Reply::status(204),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);

    let targets = bounded(client.get_multistream_targets()).await.unwrap();
    assert_eq!(targets.len(), 1);
    assert_eq!(targets[0].id.as_deref(), Some(target_id));
    assert_eq!(targets[0].name.as_deref(), Some("My target"));
    // `url` is write-only: the API never returns it.
    assert_eq!(targets[0].url, None);
    assert_eq!(targets[0].created_at, Some(TIMESTAMP as f64));

    let new_target = models::MultistreamTarget::new()
        .with_name("My target")
        .with_url("rtmps://live.my-service.tv/channel/secretKey")
        .with_disabled(false);
    let response = bounded(
        client
            .create_multistream_target(&new_target)
            .send_with_response(),
    )
    .await
    .unwrap();
    assert_eq!(response.status(), 201);
    assert_eq!(response.body().id.as_deref(), Some(target_id));
    assert_eq!(response.body().disabled, Some(false));

    let target = bounded(client.get_multistream_target(target_id))
        .await
        .unwrap();
    assert_eq!(target.name.as_deref(), Some("My target"));

    let patch = models::MultistreamTarget::default()
        .with_url("srt://live.my-service.tv:9000?streamid=secretKey")
        .with_disabled(true);
    bounded(client.update_multistream_target(target_id, &patch))
        .await
        .unwrap();
    bounded(client.delete_multistream_target(target_id))
        .await
        .unwrap();

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/multistream/target".to_owned(),
            "POST /api/multistream/target".to_owned(),
            format!("GET /api/multistream/target/{target_id}"),
            format!("PATCH /api/multistream/target/{target_id}"),
            format!("DELETE /api/multistream/target/{target_id}"),
        ]
    );
    assert_no_body(&requests[0]);
    assert_eq!(
        json_body(&requests[1]),
        json!({
            "name": "My target",
            "url": "rtmps://live.my-service.tv/channel/secretKey",
            "disabled": false
        })
    );
    assert_no_body(&requests[2]);
    assert_eq!(
        json_body(&requests[3]),
        json!({"url": "srt://live.my-service.tv:9000?streamid=secretKey", "disabled": true})
    );
    assert_no_body(&requests[4]);
}

// Webhooks

#[tokio::test]
async fn webhooks() {
    let log_id = "b2c4e6f8-0a1b-4c3d-8e5f-7a9b1c3d5e7f";
    let events = json!(["stream.started", "stream.idle"]);
    let server = Server::start(vec![
        reply(
            200,
            &json!([webhook_json(WEBHOOK_ID, "test_webhook", events.clone())]),
        ),
        reply(
            200,
            &webhook_json(WEBHOOK_ID, "test_webhook", events.clone()),
        ),
        reply(
            200,
            &webhook_json(WEBHOOK_ID, "test_webhook", events.clone()),
        ),
        reply(
            200,
            &webhook_json(WEBHOOK_ID, "renamed_webhook", json!(["asset.ready"])),
        ),
        reply(
            200,
            &webhook_json(WEBHOOK_ID, "renamed_webhook", json!(["asset.ready"])),
        ),
        reply(
            200,
            &json!([
                webhook_log_json(log_id, false),
                webhook_log_json("c3d5e7f9-1b2c-4d3e-9f60-8b0c2d4e6f80", true)
            ]),
        ),
        reply(200, &webhook_log_json(log_id, false)),
        reply(
            200,
            &webhook_log_json("f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9", true),
        ),
    ])
    .await;
    let client = client(&server);

    let webhooks = bounded(client.get_webhooks()).await.unwrap();
    assert_eq!(webhooks.len(), 1);
    assert_eq!(webhooks[0].id.as_deref(), Some(WEBHOOK_ID));
    assert_eq!(
        webhooks[0].events,
        Some(vec![
            models::WebhookEventsItem::StreamStarted,
            models::WebhookEventsItem::StreamIdle
        ])
    );
    let failure = webhooks[0]
        .status
        .as_ref()
        .unwrap()
        .last_failure
        .as_ref()
        .unwrap();
    assert_eq!(failure.status_code, Some(500.0));
    assert_eq!(failure.error.as_deref(), Some("Error message"));

    let new_webhook = models::Webhook::new("test_webhook", "https://my-service.com/webhook")
        .with_project_id(PROJECT_ID)
        .with_events([
            models::WebhookEventsItem::StreamStarted,
            models::WebhookEventsItem::StreamIdle,
        ])
        .with_shared_secret("my-secret")
        .with_stream_id(STREAM_ID);
    let created = bounded(client.create_webhook(&new_webhook)).await.unwrap();
    assert_eq!(created.id.as_deref(), Some(WEBHOOK_ID));
    assert_eq!(created.shared_secret, None);

    let webhook = bounded(client.get_webhook(WEBHOOK_ID)).await.unwrap();
    assert_eq!(webhook.url, "https://my-service.com/webhook");
    assert_eq!(webhook.stream_id.as_deref(), Some(STREAM_ID));

    // Fields stay public: a copy is changed by assignment.
    let mut replacement = new_webhook.clone();
    replacement.name = "renamed_webhook".to_owned();
    replacement.events = Some(vec![models::WebhookEventsItem::AssetReady]);
    replacement.stream_id = None;
    let updated = bounded(client.update_webhook(WEBHOOK_ID, &replacement))
        .await
        .unwrap();
    assert_eq!(updated.name, "renamed_webhook");
    assert_eq!(
        updated.events,
        Some(vec![models::WebhookEventsItem::AssetReady])
    );

    let deleted = bounded(client.delete_webhook(WEBHOOK_ID)).await.unwrap();
    assert_eq!(deleted.name, "renamed_webhook");

    let logs = bounded(client.get_webhook_logs(WEBHOOK_ID)).await.unwrap();
    assert_eq!(logs.len(), 2);
    assert_eq!(logs[0].id, log_id);
    assert_eq!(logs[0].webhook_id, WEBHOOK_ID);
    assert_eq!(logs[0].success, Some(false));
    assert_eq!(logs[0].response.as_ref().unwrap().status, Some(502.0));
    assert_eq!(logs[1].success, Some(true));

    let log = bounded(client.get_webhook_log(WEBHOOK_ID, log_id))
        .await
        .unwrap();
    assert_eq!(log.event.as_deref(), Some("stream.started"));
    assert_eq!(log.duration, Some(0.5));
    let request = log.request.as_ref().unwrap();
    assert_eq!(request.method.as_deref(), Some("POST"));
    assert_eq!(
        request.headers.as_ref().unwrap()["User-Agent"],
        "livepeer.studio"
    );
    assert_eq!(
        request.body.as_deref(),
        Some("{\"event\": \"stream.started\"}")
    );

    let resent = bounded(client.resend_webhook(WEBHOOK_ID, log_id))
        .await
        .unwrap();
    assert_eq!(resent.id, "f1e2d3c4-b5a6-4978-8695-a4b3c2d1e0f9");
    assert_eq!(resent.success, Some(true));
    assert_eq!(
        resent.response.as_ref().unwrap().status_text.as_deref(),
        Some("OK")
    );

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/webhook".to_owned(),
            "POST /api/webhook".to_owned(),
            format!("GET /api/webhook/{WEBHOOK_ID}"),
            format!("PUT /api/webhook/{WEBHOOK_ID}"),
            format!("DELETE /api/webhook/{WEBHOOK_ID}"),
            format!("GET /api/webhook/{WEBHOOK_ID}/log"),
            format!("GET /api/webhook/{WEBHOOK_ID}/log/{log_id}"),
            format!("POST /api/webhook/{WEBHOOK_ID}/log/{log_id}/resend"),
        ]
    );
    assert_eq!(
        json_body(&requests[1]),
        json!({
            "name": "test_webhook",
            "projectId": PROJECT_ID,
            "events": ["stream.started", "stream.idle"],
            "url": "https://my-service.com/webhook",
            "sharedSecret": "my-secret",
            "streamId": STREAM_ID
        })
    );
    assert_eq!(
        json_body(&requests[3]),
        json!({
            "name": "renamed_webhook",
            "projectId": PROJECT_ID,
            "events": ["asset.ready"],
            "url": "https://my-service.com/webhook",
            "sharedSecret": "my-secret"
        })
    );
    for index in [0, 2, 4, 5, 6, 7] {
        assert_no_body(&requests[index]);
    }
}

// Assets

#[tokio::test]
async fn assets() {
    let url_source = json!({
        "type": "url",
        "url": "https://s3.amazonaws.com/my-bucket/path/filename.mp4",
        "gatewayUrl": "https://s3.amazonaws.com/my-bucket/path/filename.mp4"
    });
    let recording_source = json!({"type": "recording", "sessionId": SESSION_ID});
    let upload_url = "https://origin.livepeer.com/api/asset/upload/direct?token=eyJhbGciOiJIUzI1NiJ9.eyJtc2ciOiJoZWxsbyJ9.1YDjmXsqLcgNyMSzT4kXl";
    let tus_url = "https://origin.livepeer.com/api/asset/upload/tus?token=eyJhbGciOiJIUzI1NiJ9.eyJtc2ciOiJoZWxsbyJ9.1YDjmXsqLcgNyMSzT4kXl";
    let clip_source = json!({"type": "clip", "sessionId": SESSION_ID, "playbackId": PLAYBACK_ID});
    let server = Server::start(vec![
        reply(
            200,
            &json!([
                asset_json(ASSET_ID, url_source.clone()),
                asset_json("rec-asset", recording_source)
            ]),
        ),
        reply(
            200,
            &json!({
                "url": upload_url,
                "tusEndpoint": tus_url,
                "asset": waiting_asset_json(ASSET_ID, json!({"type": "directUpload"})),
                "task": {"id": TASK_ID}
            }),
        ),
        reply(200, &asset_json(ASSET_ID, url_source.clone())),
        reply(
            200,
            &json!({
                "id": ASSET_ID,
                "name": "renamed.mp4",
                "source": url_source,
                "playbackPolicy": {"type": "jwt"},
                "status": {"phase": "ready", "updatedAt": TIMESTAMP + 5000}
            }),
        ),
        Reply::status(204),
        reply(
            200,
            &json!({
                "asset": waiting_asset_json("clip-asset-2", clip_source),
                "task": {"id": TASK_ID}
            }),
        ),
    ])
    .await;
    let client = client(&server);

    // GET /asset
    let assets = bounded(client.get_assets()).await.unwrap();
    assert_eq!(assets.len(), 2);
    let asset = &assets[0];
    assert_eq!(asset.id, ASSET_ID);
    assert_eq!(asset.r#type, Some(models::AssetType::Video));
    let models::AssetSource::Url(source) = &asset.source else {
        panic!("not a URL source: {:?}", asset.source);
    };
    assert_eq!(
        source.url,
        "https://s3.amazonaws.com/my-bucket/path/filename.mp4"
    );
    let status = asset.status.as_ref().unwrap();
    assert_eq!(status.phase, models::AssetStatusPhase::Ready);
    assert_eq!(status.updated_at, TIMESTAMP as f64);
    let ipfs = asset.storage.as_ref().unwrap().ipfs.as_ref().unwrap();
    assert_eq!(ipfs.nft_metadata.as_ref().unwrap().cid, "Qmabc123xyz341");
    assert_eq!(
        ipfs.spec.as_ref().unwrap().nft_metadata_template,
        Some(models::AssetStorageIpfsSpecNftMetadataTemplate::File)
    );
    assert_eq!(
        asset
            .storage
            .as_ref()
            .unwrap()
            .status
            .as_ref()
            .unwrap()
            .phase,
        models::StorageStatusPhase::Ready
    );
    assert_eq!(
        asset.hash.as_ref().unwrap()[0].algorithm.as_deref(),
        Some("sha256")
    );
    let spec = asset.video_spec.as_ref().unwrap();
    assert_eq!(spec.duration, Some(23.8328));
    let tracks = spec.tracks.as_ref().unwrap();
    assert_eq!(
        tracks[0].r#type,
        models::AssetVideoSpecTracksItemType::Video
    );
    assert_eq!(tracks[0].pixel_format.as_deref(), Some("yuv420p"));
    assert_eq!(
        tracks[1].r#type,
        models::AssetVideoSpecTracksItemType::Audio
    );
    assert_eq!(tracks[1].bit_depth, Some(16.0));
    assert_eq!(asset.size, Some(84934509.0));
    assert_eq!(
        assets[1].source,
        models::AssetSource::Recording(models::AssetSourceRecording::new(SESSION_ID))
    );

    // POST /asset/request-upload
    let new_asset = models::NewAssetPayload::new("filename.mp4")
        .with_static_mp4(true)
        .with_playback_policy(
            models::PlaybackPolicy::new(models::PlaybackPolicyType::Jwt)
                .with_allowed_origins(["https://example.com".to_owned()]),
        )
        .with_creator_id(models::InputCreatorId::Object(
            models::InputCreatorIdObject::new(
                models::InputCreatorIdObjectType::Unverified,
                "user123",
            ),
        ))
        .with_storage(
            models::NewAssetPayloadStorage::new()
                .with_ipfs(models::NewAssetPayloadStorageIpfs::Boolean(true)),
        )
        .with_c2pa(false)
        .with_profiles(vec![transcode_profile()])
        .with_target_segment_size_secs(6.0);
    let upload = bounded(client.request_upload(&new_asset)).await.unwrap();
    assert_eq!(upload.url, upload_url);
    assert_eq!(upload.tus_endpoint, tus_url);
    assert_eq!(upload.task.id, TASK_ID);
    assert_eq!(upload.asset.id, ASSET_ID);
    assert!(
        matches!(upload.asset.source, models::AssetSource::DirectUpload(_)),
        "{:?}",
        upload.asset.source
    );
    assert_eq!(
        upload.asset.status.as_ref().unwrap().phase,
        models::AssetStatusPhase::Waiting
    );
    assert_eq!(upload.asset.hash, None);

    // GET /asset/{assetId}
    let asset = bounded(client.get_asset(ASSET_ID)).await.unwrap();
    assert_eq!(asset.name, "filename.mp4");
    assert_eq!(asset.playback_id.as_deref(), Some(PLAYBACK_ID));

    // PATCH /asset/{assetId}
    let patch = models::AssetPatchPayload::new()
        .with_name("renamed.mp4")
        .with_playback_policy(Nullable::Value(models::PlaybackPolicy::new(
            models::PlaybackPolicyType::Jwt,
        )))
        .with_storage(
            models::NewAssetPayloadStorage::new().with_ipfs(
                models::NewAssetPayloadStorageIpfs::Object(
                    models::NewAssetPayloadStorageIpfsObject::new().with_spec(
                        models::AssetStorageIpfsSpec::new()
                            .with_nft_metadata_template(
                                models::AssetStorageIpfsSpecNftMetadataTemplate::Player,
                            )
                            .with_nft_metadata(object(json!({"name": "My NFT"}))),
                    ),
                ),
            ),
        );
    let updated = bounded(client.update_asset(ASSET_ID, &patch))
        .await
        .unwrap();
    assert_eq!(updated.name, "renamed.mp4");
    assert_eq!(
        updated.playback_policy.as_ref().unwrap().r#type,
        models::PlaybackPolicyType::Jwt
    );

    // DELETE /asset/{assetId}
    let response = bounded(client.delete_asset(ASSET_ID).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    // POST /clip
    let clip = models::ClipPayload::new(PLAYBACK_ID, 1587667174725.0)
        .with_end_time(1587667204725.0)
        .with_name("My Clip")
        .with_session_id(SESSION_ID);
    let created = bounded(client.create_clip(&clip)).await.unwrap();
    assert_eq!(created.task.id.as_deref(), Some(TASK_ID));
    assert_eq!(created.asset.id, "clip-asset-2");
    assert!(
        matches!(created.asset.source, models::AssetSource::Clip(_)),
        "{:?}",
        created.asset.source
    );

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/asset".to_owned(),
            "POST /api/asset/request-upload".to_owned(),
            format!("GET /api/asset/{ASSET_ID}"),
            format!("PATCH /api/asset/{ASSET_ID}"),
            format!("DELETE /api/asset/{ASSET_ID}"),
            "POST /api/clip".to_owned(),
        ]
    );
    assert_no_body(&requests[0]);
    assert_eq!(
        json_body(&requests[1]),
        json!({
            "name": "filename.mp4",
            "staticMp4": true,
            "playbackPolicy": {"type": "jwt", "allowedOrigins": ["https://example.com"]},
            "creatorId": {"type": "unverified", "value": "user123"},
            "storage": {"ipfs": true},
            "c2pa": false,
            "profiles": [transcode_profile_json()],
            "targetSegmentSizeSecs": 6.0
        })
    );
    assert_no_body(&requests[2]);
    assert_eq!(
        json_body(&requests[3]),
        json!({
            "name": "renamed.mp4",
            "playbackPolicy": {"type": "jwt"},
            "storage": {
                "ipfs": {"spec": {"nftMetadataTemplate": "player", "nftMetadata": {"name": "My NFT"}}}
            }
        })
    );
    assert_no_body(&requests[4]);
    assert_eq!(
        json_body(&requests[5]),
        json!({
            "playbackId": PLAYBACK_ID,
            "startTime": 1587667174725.0,
            "endTime": 1587667204725.0,
            "name": "My Clip",
            "sessionId": SESSION_ID
        })
    );
}

/// `POST /asset/upload/url` declares two success statuses with a body each: the generated
/// client answers an enum with one variant per status.
#[tokio::test]
async fn upload_asset_from_a_url_tells_200_from_201() {
    let source =
        json!({"type": "url", "url": "https://s3.amazonaws.com/my-bucket/path/filename.mp4"});
    let body = |asset_id: &str| json!({"asset": waiting_asset_json(asset_id, source.clone()), "task": {"id": TASK_ID}});
    let server = Server::start(vec![
        reply(200, &body("asset-in-progress")),
        reply(201, &body("asset-started")),
        reply(202, &body("asset-accepted")),
    ])
    .await;
    let client = client(&server);
    let payload = models::NewAssetFromUrlPayload::new(
        "filename.mp4",
        "https://s3.amazonaws.com/my-bucket/path/filename.mp4",
    )
    .with_static_mp4(true)
    .with_creator_id(models::InputCreatorId::String("user123".to_owned()))
    .with_encryption(
        models::NewAssetPayloadEncryption::new().with_encrypted_key("c2VjcmV0LWtleQ=="),
    )
    .with_profiles(Nullable::Null);

    let response = bounded(client.upload_asset(&payload).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 200);
    match response.body() {
        UploadAssetSuccess::Ok(ok) => {
            assert_eq!(ok.asset.id, "asset-in-progress");
            assert_eq!(ok.task.id, TASK_ID);
        }
        other => panic!("200 gave {other:?}"),
    }

    match bounded(client.upload_asset(&payload)).await.unwrap() {
        UploadAssetSuccess::Created(created) => {
            assert_eq!(created.asset.id, "asset-started");
            assert_eq!(created.task.id, TASK_ID);
            assert_eq!(
                created.asset.status.as_ref().unwrap().phase,
                models::AssetStatusPhase::Waiting
            );
        }
        other => panic!("201 gave {other:?}"),
    }

    // A success status the spec does not declare is reported, not guessed at.
    let error = bounded(client.upload_asset(&payload)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Decode, "{error}");
    assert_eq!(error.status(), Some(202));

    let requests = requests(&server);
    for request in &requests {
        assert_eq!(request.line(), "POST /api/asset/upload/url");
        assert_eq!(
            json_body(request),
            json!({
                "name": "filename.mp4",
                "staticMp4": true,
                "creatorId": "user123",
                "url": "https://s3.amazonaws.com/my-bucket/path/filename.mp4",
                "encryption": {"encryptedKey": "c2VjcmV0LWtleQ=="},
                "profiles": null
            })
        );
    }
    assert_eq!(requests.len(), 3);
}

// Sessions

#[tokio::test]
async fn sessions() {
    let clip_source = json!({"type": "clip", "sessionId": SESSION_ID});
    let server = Server::start(vec![
        reply(200, &json!([session_json(SESSION_ID)])),
        reply(200, &session_json(SESSION_ID)),
        reply(200, &json!([session_json(SESSION_ID)])),
        reply(200, &json!([asset_json("clip-asset-3", clip_source)])),
    ])
    .await;
    let client = client(&server);

    let sessions = bounded(client.get_sessions()).await.unwrap();
    assert_eq!(sessions.len(), 1);
    assert_eq!(sessions[0].id.as_deref(), Some(SESSION_ID));
    assert_eq!(sessions[0].name, "test_session");

    let session = bounded(client.get_session(SESSION_ID)).await.unwrap();
    assert_eq!(
        session.recording_status,
        Some(models::SessionRecordingStatus::Ready)
    );
    assert_eq!(
        session.mp4_url.as_deref(),
        Some("https://livepeercdn.com/recordings/d32ae9e6/source.mp4")
    );
    assert_eq!(session.parent_id.as_deref(), Some(STREAM_ID));
    assert_eq!(session.issues, Some(Vec::new()));
    assert_eq!(session.profiles.as_ref().unwrap()[0].name, "720p");
    assert_eq!(
        session
            .recording_spec
            .as_ref()
            .unwrap()
            .profiles
            .as_ref()
            .unwrap()[0]
            .bitrate,
        3_000_000
    );

    let recorded = bounded(
        client
            .get_recorded_sessions(STREAM_ID)
            .record(models::GetRecordedSessionsRecord::Boolean(true)),
    )
    .await
    .unwrap();
    assert_eq!(recorded[0].record, Some(true));

    let clips = bounded(client.get_session_clips(SESSION_ID)).await.unwrap();
    assert_eq!(clips[0].id, "clip-asset-3");

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/session".to_owned(),
            format!("GET /api/session/{SESSION_ID}"),
            format!("GET /api/stream/{STREAM_ID}/sessions?record=true"),
            format!("GET /api/session/{SESSION_ID}/clips"),
        ]
    );
    for request in &requests {
        assert_no_body(request);
    }
}

// Rooms

// The spec deprecates the room operations: calling them is a warning, allowed here.
#[tokio::test]
#[allow(deprecated)]
async fn rooms() {
    let room_id = SESSION_ID;
    let user_id = "PA_ZyUcb7bq Fg3";
    let server = Server::start(vec![
        reply(201, &json!({"id": room_id})),
        reply(
            200,
            &json!({
                "id": room_id,
                "createdAt": TIMESTAMP,
                "updatedAt": TIMESTAMP + 60000,
                "egressId": "EG_kpHHgqzrvDS8",
                "participants": {
                    "PA_ZyUcb7bqFg3e": {
                        "identity": "d32ae9e6-c459-4931-9898-e86e2f5e7e16",
                        "name": "name",
                        "joinedAt": 1687517025261_i64,
                        "leftAt": 1687517925261_i64
                    }
                }
            }),
        ),
        Reply::status(204),
        Reply::status(204),
        reply(
            201,
            &json!({
                "id": "d32ae9e6-c459-4931-9898-e86e2f5e7e17",
                "joinUrl": "https://meet.livepeer.chat",
                "token": "token"
            }),
        ),
        reply(
            200,
            &json!({
                "id": "d32ae9e6-c459-4931-9898-e86e2f5e7e17",
                "joinedAt": 1687517025261_i64,
                "name": "name",
                "isPublisher": true,
                "metadata": "{\"role\":\"host\"}"
            }),
        ),
        Reply::status(204),
        Reply::status(204),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);

    let created = bounded(client.create_room()).await.unwrap();
    assert_eq!(created.id.as_deref(), Some(room_id));

    let room = bounded(client.get_room(room_id)).await.unwrap();
    assert_eq!(room.id, room_id);
    assert_eq!(room.egress_id.as_deref(), Some("EG_kpHHgqzrvDS8"));
    let participant = &room.participants["PA_ZyUcb7bqFg3e"];
    assert_eq!(participant.name.as_deref(), Some("name"));
    assert_eq!(participant.joined_at, Some(1687517025261));
    assert_eq!(participant.left_at, Some(1687517925261));

    let egress = models::RoomEgressPayload::new(PROJECT_ID);
    bounded(client.start_room_egress(room_id, &egress))
        .await
        .unwrap();
    bounded(client.stop_room_egress(room_id)).await.unwrap();

    let new_user = models::RoomUserPayload::new("name")
        .with_can_publish(true)
        .with_can_publish_data(true)
        .with_metadata("{\"role\":\"host\"}");
    let user = bounded(client.create_room_user(room_id, &new_user))
        .await
        .unwrap();
    assert_eq!(user.join_url.as_deref(), Some("https://meet.livepeer.chat"));
    assert_eq!(user.token.as_deref(), Some("token"));

    let fetched = bounded(client.get_room_user(room_id, user_id))
        .await
        .unwrap();
    assert_eq!(fetched.is_publisher, Some(true));
    assert_eq!(fetched.joined_at, Some(1687517025261));
    assert_eq!(fetched.metadata.as_deref(), Some("{\"role\":\"host\"}"));

    let update = models::RoomUserUpdatePayload::new(false).with_can_publish_data(false);
    bounded(client.update_room_user(room_id, user_id, &update))
        .await
        .unwrap();
    bounded(client.delete_room_user(room_id, user_id))
        .await
        .unwrap();
    let response = bounded(client.delete_room(room_id).send_with_response())
        .await
        .unwrap();
    assert_eq!(response.status(), 204);

    let requests = requests(&server);
    let user_segment = "PA_ZyUcb7bq%20Fg3";
    assert_eq!(
        lines(&requests),
        [
            "POST /api/room".to_owned(),
            format!("GET /api/room/{room_id}"),
            format!("POST /api/room/{room_id}/egress"),
            format!("DELETE /api/room/{room_id}/egress"),
            format!("POST /api/room/{room_id}/user"),
            format!("GET /api/room/{room_id}/user/{user_segment}"),
            format!("PUT /api/room/{room_id}/user/{user_segment}"),
            format!("DELETE /api/room/{room_id}/user/{user_segment}"),
            format!("DELETE /api/room/{room_id}"),
        ]
    );
    assert_eq!(json_body(&requests[2]), json!({"streamId": PROJECT_ID}));
    assert_eq!(
        json_body(&requests[4]),
        json!({"name": "name", "canPublish": true, "canPublishData": true, "metadata": "{\"role\":\"host\"}"})
    );
    assert_eq!(
        json_body(&requests[6]),
        json!({"canPublish": false, "canPublishData": false})
    );
    for index in [0, 1, 3, 5, 7, 8] {
        assert_no_body(&requests[index]);
    }
}

// Metrics and usage data

#[tokio::test]
async fn metrics_and_usage() {
    let server = Server::start(vec![
        reply(
            200,
            &json!([
                {"playbackId": PLAYBACK_ID, "device": "iPhone", "country": "United States", "viewCount": 100, "errorRate": 0.1},
                {"playbackId": PLAYBACK_ID, "device": "Android", "country": "Brazil", "viewCount": 12, "errorRate": 0}
            ]),
        ),
        reply(
            200,
            &json!([{
                "playbackId": PLAYBACK_ID,
                "creatorId": "john@doe.com",
                "viewerId": "1bde4o2i6xycudoy",
                "dStorageUrl": "ipfs://QmZ4",
                "timestamp": TIMESTAMP,
                "device": "iPhone",
                "deviceType": "mobile",
                "cpu": "ARM",
                "os": "iOS",
                "browser": "Safari",
                "browserEngine": "WebKit",
                "continent": "North America",
                "country": "United States",
                "subdivision": "California",
                "timezone": "America/Los_Angeles",
                "geohash": "9q8yy",
                "viewCount": 100,
                "playtimeMins": 10,
                "ttffMs": 100,
                "rebufferRatio": 0.1,
                "errorRate": 0.1,
                "exitsBeforeStart": 0.5
            }]),
        ),
        reply(
            200,
            &json!([
                {"os": "iOS", "viewCount": 70, "playtimeMins": 412.5},
                {"os": "Android", "viewCount": 30, "playtimeMins": 120}
            ]),
        ),
        reply(
            200,
            &json!({"playbackId": PLAYBACK_ID, "dStorageUrl": "ipfs://QmZ4", "viewCount": 100, "playtimeMins": 10}),
        ),
        reply(
            200,
            &json!({
                "UserID": "1bde4o2i6xycudoy",
                "CreatorID": "john@doe.com",
                "DeliveryUsageMins": 100,
                "TotalUsageMins": 120,
                "StorageUsageMins": 20
            }),
        ),
    ])
    .await;
    let client = client(&server);

    // GET /data/views/now
    let now = bounded(
        client
            .get_realtime_viewership_now()
            .playback_id(PLAYBACK_ID)
            .breakdown_by(vec![
                models::GetRealtimeViewershipNowBreakdownByItem::Device,
                models::GetRealtimeViewershipNowBreakdownByItem::Country,
            ]),
    )
    .await
    .unwrap();
    assert_eq!(now.len(), 2);
    assert_eq!(now[0].view_count, 100);
    assert_eq!(now[0].error_rate, 0.1);
    assert_eq!(now[1].device.as_deref(), Some("Android"));
    assert_eq!(now[1].error_rate, 0.0);

    // GET /data/views/query: `from` as a date-time, `to` as epoch milliseconds.
    let metrics = bounded(
        client
            .get_viewership_metrics()
            .playback_id(PLAYBACK_ID)
            .from(models::GetViewershipMetricsFrom::String(
                "2024-01-01T00:00:00Z".to_owned(),
            ))
            .to(models::GetViewershipMetricsTo::Integer(1706745600000))
            .time_step(models::GetViewershipMetricsTimeStep::Day)
            .breakdown_by(vec![
                models::GetViewershipMetricsBreakdownByItem::DeviceType,
                models::GetViewershipMetricsBreakdownByItem::Country,
            ]),
    )
    .await
    .unwrap();
    let metric = &metrics[0];
    assert_eq!(metric.view_count, 100);
    assert_eq!(metric.playtime_mins, 10.0);
    assert_eq!(metric.device_type.as_deref(), Some("mobile"));
    assert_eq!(metric.timezone.as_deref(), Some("America/Los_Angeles"));
    assert_eq!(metric.exits_before_start, Some(0.5));

    // GET /data/views/query/creator
    let by_os = bounded(
        client
            .get_creator_viewership_metrics()
            .from(models::GetCreatorViewershipMetricsFrom::Integer(
                1704067200000,
            ))
            .time_step(models::GetCreatorViewershipMetricsTimeStep::Week)
            .creator_id("john@doe.com")
            .breakdown_by(vec![models::GetCreatorViewershipMetricsBreakdownByItem::Os]),
    )
    .await
    .unwrap();
    assert_eq!(by_os.len(), 2);
    assert_eq!(by_os[0].os.as_deref(), Some("iOS"));
    assert_eq!(by_os[0].playtime_mins, 412.5);
    assert_eq!(by_os[1].view_count, 30);

    // GET /data/views/query/total/{playbackId}
    let total = bounded(client.get_public_viewership_metrics(PLAYBACK_ID))
        .await
        .unwrap();
    assert_eq!(total.view_count, Some(100));
    assert_eq!(total.playtime_mins, Some(10.0));
    assert_eq!(total.d_storage_url.as_deref(), Some("ipfs://QmZ4"));

    // GET /data/usage/query
    let usage = bounded(
        client
            .get_usage_metrics()
            .from(1704067200000)
            .to(1706745600000)
            .time_step(models::GetUsageMetricsTimeStep::Day)
            .creator_id("john@doe.com")
            .breakdown_by(vec![models::GetUsageMetricsBreakdownByItem::CreatorId]),
    )
    .await
    .unwrap();
    assert_eq!(usage.user_id.as_deref(), Some("1bde4o2i6xycudoy"));
    assert_eq!(usage.creator_id.as_deref(), Some("john@doe.com"));
    assert_eq!(usage.delivery_usage_mins, Some(100.0));
    assert_eq!(usage.total_usage_mins, Some(120.0));
    assert_eq!(usage.storage_usage_mins, Some(20.0));

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            format!(
                "GET /api/data/views/now?playbackId={PLAYBACK_ID}\
                 &breakdownBy%5B%5D=device&breakdownBy%5B%5D=country"
            ),
            format!(
                "GET /api/data/views/query?playbackId={PLAYBACK_ID}\
                 &from=2024-01-01T00%3A00%3A00Z&to=1706745600000&timeStep=day\
                 &breakdownBy%5B%5D=deviceType&breakdownBy%5B%5D=country"
            ),
            "GET /api/data/views/query/creator?from=1704067200000&timeStep=week\
             &creatorId=john%40doe.com&breakdownBy%5B%5D=os"
                .to_owned(),
            format!("GET /api/data/views/query/total/{PLAYBACK_ID}"),
            "GET /api/data/usage/query?from=1704067200000&to=1706745600000&timeStep=day\
             &creatorId=john%40doe.com&breakdownBy%5B%5D=creatorId"
                .to_owned(),
        ]
    );
    for request in &requests {
        assert_no_body(request);
    }
}

// Access control: signing keys

#[tokio::test]
async fn signing_keys() {
    let key_id = "78df0075-b5f3-4683-a618-1086faca35dc";
    let server = Server::start(vec![
        reply(
            200,
            &json!([
                signing_key_json(key_id, "key1", false),
                signing_key_json("88df0075-b5f3-4683-a618-1086faca35dd", "old key", true)
            ]),
        ),
        reply(200, &signing_key_json(key_id, "key1", false)),
        reply(200, &signing_key_json(key_id, "key1", false)),
        Reply::status(204),
        Reply::status(204),
    ])
    .await;
    let client = client(&server);

    let keys = bounded(client.get_signing_keys()).await.unwrap();
    assert_eq!(keys.len(), 2);
    assert_eq!(keys[0].id.as_deref(), Some(key_id));
    assert!(keys[0].public_key.starts_with("LS0tLS1CRUdJTi"));
    assert_eq!(keys[1].disabled, Some(true));

    let created = bounded(client.create_signing_key()).await.unwrap();
    assert_eq!(created.name.as_deref(), Some("key1"));
    assert_eq!(created.created_at, Some(TIMESTAMP as f64));

    let key = bounded(client.get_signing_key(key_id)).await.unwrap();
    assert_eq!(key.disabled, Some(false));
    assert_eq!(key.last_seen, Some((TIMESTAMP + 1000) as f64));

    let update = models::UpdateSigningKeyRequest::new()
        .with_disabled(true)
        .with_name("rotated key");
    bounded(client.update_signing_key(key_id, &update))
        .await
        .unwrap();
    bounded(client.delete_signing_key(key_id)).await.unwrap();

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/access-control/signing-key".to_owned(),
            "POST /api/access-control/signing-key".to_owned(),
            format!("GET /api/access-control/signing-key/{key_id}"),
            format!("PATCH /api/access-control/signing-key/{key_id}"),
            format!("DELETE /api/access-control/signing-key/{key_id}"),
        ]
    );
    assert_eq!(
        json_body(&requests[3]),
        json!({"disabled": true, "name": "rotated key"})
    );
    for index in [0, 1, 2, 4] {
        assert_no_body(&requests[index]);
    }
}

// Tasks

#[tokio::test]
async fn tasks() {
    let export_id = "0a1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d";
    let server = Server::start(vec![
        reply(
            200,
            &json!([upload_task_json(TASK_ID), export_task_json(export_id)]),
        ),
        reply(200, &export_task_json(export_id)),
    ])
    .await;
    let client = client(&server);

    let tasks = bounded(client.get_tasks()).await.unwrap();
    assert_eq!(tasks.len(), 2);
    let upload = &tasks[0];
    assert_eq!(upload.id.as_deref(), Some(TASK_ID));
    assert_eq!(upload.r#type, Some(models::TaskType::Upload));
    let status = upload.status.as_ref().unwrap();
    assert_eq!(status.phase, models::TaskStatusPhase::Completed);
    assert_eq!(status.updated_at, (TIMESTAMP + 1274) as f64);
    let params = upload.params.as_ref().unwrap().upload.as_ref().unwrap();
    assert_eq!(params.c2pa, Some(true));
    assert_eq!(params.target_segment_size_secs, Some(6.0));
    let output = upload.output.as_ref().unwrap().upload.as_ref().unwrap();
    assert_eq!(output.asset_spec.as_ref().unwrap().id, ASSET_ID);

    let export = bounded(client.get_task(export_id)).await.unwrap();
    assert_eq!(export.r#type, Some(models::TaskType::Export));
    assert_eq!(export.input_asset_id.as_deref(), Some(ASSET_ID));
    let Some(models::ExportTaskParams::Ipfs(ipfs)) = &export.params.as_ref().unwrap().export else {
        panic!("not an IPFS export: {:?}", export.params);
    };
    assert_eq!(
        ipfs.pinata,
        Some(models::IpfsExportParamsPinata::ApiKey(
            models::IpfsExportParamsPinataApiKey::new("1234567890")
        ))
    );
    assert_eq!(
        export.status.as_ref().unwrap().phase,
        models::TaskStatusPhase::Running
    );
    let exported = export
        .output
        .as_ref()
        .unwrap()
        .export
        .as_ref()
        .unwrap()
        .ipfs
        .as_ref()
        .unwrap();
    assert_eq!(exported.video_file_cid, "Qmabc123xyz341");
    assert_eq!(
        exported.video_file_gateway_url.as_deref(),
        Some("https://gateway.ipfs.io/ipfs/Qmabc123xyz341")
    );

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/task".to_owned(),
            format!("GET /api/task/{export_id}")
        ]
    );
    for request in &requests {
        assert_no_body(request);
    }
}

// Transcode

#[tokio::test]
async fn transcode() {
    let task_id = "5b9e63bb-6fd0-4bea-aff2-cc5d4eb9cad0";
    let server = Server::start(vec![reply(200, &transcode_task_json(task_id))]).await;
    let client = client(&server);
    let payload = models::TranscodePayload::new(
        models::TranscodePayloadInput::Url(models::TranscodePayloadInputUrl::new(
            "https://s3.amazonaws.com/bucket/file.mp4",
        )),
        models::TranscodePayloadStorage::S3(models::TranscodePayloadStorageS3::new(
            "https://gateway.storjshare.io",
            "outputbucket",
            models::TranscodePayloadStorageS3Credentials::new(
                "AKIAIOSFODNN7EXAMPLE",
                "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
            ),
        )),
        models::TranscodePayloadOutputs::new()
            .with_hls(models::TranscodePayloadOutputsHls::new("/samplevideo/hls"))
            .with_mp4(models::TranscodePayloadOutputsMp4::new("/samplevideo/mp4")),
    )
    .with_profiles([transcode_profile()])
    .with_target_segment_size_secs(10.0)
    .with_creator_id(models::InputCreatorId::Object(
        models::InputCreatorIdObject::new(models::InputCreatorIdObjectType::Unverified, "user123"),
    ))
    .with_c2pa(false);

    let task = bounded(client.transcode_video(&payload)).await.unwrap();
    assert_eq!(task.id.as_deref(), Some(task_id));
    assert_eq!(task.r#type, Some(models::TaskType::TranscodeFile));
    assert_eq!(
        task.status.as_ref().unwrap().phase,
        models::TaskStatusPhase::Pending
    );
    let params = task
        .params
        .as_ref()
        .unwrap()
        .transcode_file
        .as_ref()
        .unwrap();
    assert_eq!(
        params.input.as_ref().unwrap().url.as_deref(),
        Some("https://s3.amazonaws.com/bucket/file.mp4")
    );
    assert_eq!(
        params
            .outputs
            .as_ref()
            .unwrap()
            .hls
            .as_ref()
            .unwrap()
            .path
            .as_deref(),
        Some("/samplevideo/hls")
    );
    assert_eq!(
        params.creator_id,
        Some(models::InputCreatorId::Object(
            models::InputCreatorIdObject::new(
                models::InputCreatorIdObjectType::Unverified,
                "user123"
            )
        ))
    );

    let requests = requests(&server);
    assert_eq!(lines(&requests), ["POST /api/transcode"]);
    assert_eq!(
        json_body(&requests[0]),
        json!({
            "input": {"url": "https://s3.amazonaws.com/bucket/file.mp4"},
            "storage": {
                "type": "s3",
                "endpoint": "https://gateway.storjshare.io",
                "bucket": "outputbucket",
                "credentials": {
                    "accessKeyId": "AKIAIOSFODNN7EXAMPLE",
                    "secretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
                }
            },
            "outputs": {"hls": {"path": "/samplevideo/hls"}, "mp4": {"path": "/samplevideo/mp4"}},
            "profiles": [transcode_profile_json()],
            "targetSegmentSizeSecs": 10.0,
            "creatorId": {"type": "unverified", "value": "user123"},
            "c2pa": false
        })
    );
}

// Playback

#[tokio::test]
async fn playback_info() {
    let server = Server::start(vec![
        reply(
            200,
            &json!({
                "type": "vod",
                "meta": {
                    "live": 0,
                    "playbackPolicy": null,
                    "source": [
                        {
                            "hrn": "HLS (TS)",
                            "type": "html5/application/vnd.apple.mpegurl",
                            "url": "https://livepeercdn.studio/hls/eaw4nk06ts2d0mzb/index.m3u8"
                        },
                        {
                            "hrn": "MP4",
                            "type": "html5/video/mp4",
                            "url": "https://asset-cdn.lp-playback.monster/hls/1bde4o2i6xycudoy/static360p0.mp4",
                            "size": 494778,
                            "width": 204,
                            "height": 360,
                            "bitrate": 449890
                        }
                    ],
                    "dvrPlayback": [{
                        "hrn": "HLS (TS)",
                        "type": "html5/application/vnd.apple.mpegurl",
                        "url": "https://livepeercdn.studio/hls/eaw4nk06ts2d0mzb/dvr/index.m3u8"
                    }],
                    "attestation": {
                        "id": "5b9e63bb-6fd0-4bea-aff2-cc5d4eb9cad0",
                        "primaryType": "VideoAttestation",
                        "domain": {"name": "Verifiable Video", "version": "1"},
                        "message": {
                            "video": "5b9e63bb-6fd0-4bea-aff2-cc5d4eb9cad0",
                            "attestations": [{"role": "creator", "address": "0x1311768467294899700"}],
                            "signer": "0x1311768467294899700",
                            "timestamp": TIMESTAMP
                        },
                        "signature": "0x1311768467294899700",
                        "createdAt": TIMESTAMP,
                        "signatureType": "eip712"
                    }
                }
            }),
        ),
        reply(404, &json!({"errors": ["Playback not found"]})),
    ])
    .await;
    let client = client(&server);

    let info = bounded(client.get_playback_info("videorec+eaw4nk06ts2d0mzb"))
        .await
        .unwrap();
    assert_eq!(info.r#type, models::PlaybackInfoType::Vod);
    assert_eq!(info.meta.live, Some(0));
    assert_eq!(info.meta.playback_policy, None);
    let sources = &info.meta.source;
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0].hrn, models::PlaybackInfoMetaSourceItemHrn::HlsTs);
    assert_eq!(
        sources[0].r#type,
        models::PlaybackInfoMetaSourceItemType::Html5ApplicationVndAppleMpegurl
    );
    assert_eq!(sources[1].hrn, models::PlaybackInfoMetaSourceItemHrn::Mp4);
    assert_eq!(sources[1].height, Some(360.0));
    let dvr = &info.meta.dvr_playback.as_ref().unwrap()[0];
    assert_eq!(
        dvr.hrn,
        Some(models::PlaybackInfoMetaDvrPlaybackItemHrn::HlsTs)
    );
    let attestation = info.meta.attestation.as_ref().unwrap();
    assert_eq!(
        attestation.primary_type,
        models::AttestationPrimaryType::VideoAttestation
    );
    assert_eq!(
        attestation.domain.name,
        models::AttestationDomainName::VerifiableVideo
    );
    assert_eq!(
        attestation.domain.version,
        models::AttestationDomainVersion::_1
    );
    assert_eq!(attestation.message.attestations[0].role, "creator");
    assert_eq!(
        attestation.signature_type,
        Some(models::AttestationSignatureType::Eip712)
    );

    // The spec declares 404 with the `error` schema.
    let error = bounded(client.get_playback_info("unknownplaybackid"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status, "{error}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::Error(
            models::Error::new().with_errors(["Playback not found".to_owned()])
        ))
    );

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "GET /api/playback/videorec%2Beaw4nk06ts2d0mzb",
            "GET /api/playback/unknownplaybackid"
        ]
    );
    for request in &requests {
        assert_no_body(request);
    }
}

// AI generation. The spec puts these paths under `/api/generate/…` below its one server
// (`https://livepeer.studio/api`), so with the base URL `{server}/api` they are sent to
// `/api/api/generate/…`.

fn image_response_json(urls: &[&str]) -> Value {
    let images: Vec<Value> = urls
        .iter()
        .enumerate()
        .map(|(i, url)| json!({"url": url, "seed": 2623 + i, "nsfw": false}))
        .collect();
    json!({"images": images})
}

#[tokio::test]
async fn ai_generate() {
    let server = Server::start(vec![
        reply(
            200,
            &image_response_json(&[
                "https://obj-store.livepeer.cloud/livepeer-ai/a1b2/0.png",
                "https://obj-store.livepeer.cloud/livepeer-ai/a1b2/1.png",
            ]),
        ),
        reply(
            200,
            &image_response_json(&["https://obj-store.livepeer.cloud/livepeer-ai/c3d4/0.png"]),
        ),
        reply(
            200,
            &image_response_json(&["https://obj-store.livepeer.cloud/livepeer-ai/e5f6/0.mp4"]),
        ),
        reply(
            200,
            &image_response_json(&["https://obj-store.livepeer.cloud/livepeer-ai/a7b8/0.png"]),
        ),
        reply(
            200,
            &json!({
                "text": " Hello world. How are you?",
                "chunks": [
                    {"timestamp": [0.0, 1.2], "text": " Hello world."},
                    {"timestamp": [1.2, 2.5], "text": " How are you?"}
                ]
            }),
        ),
        reply(
            200,
            &json!({
                "masks": "[[[0, 0, 1], [0, 1, 1]]]",
                "scores": "[0.9763]",
                "logits": "[[[-12.5, -8.25, 3.5], [-9.75, 2.0, 4.25]]]"
            }),
        ),
        reply(
            200,
            &json!({"response": "Why did the cat sit on the computer? To keep an eye on the mouse.", "tokens_used": 27}),
        ),
    ])
    .await;
    let client = client(&server);

    // POST /api/generate/text-to-image: a JSON body.
    let params = models::TextToImageParams::new("A cinematic photo of a cat wearing a tiny hat")
        .with_model_id("SG161222/RealVisXL_V4.0_Lightning")
        .with_height(576)
        .with_width(1024)
        .with_guidance_scale(7.5)
        .with_negative_prompt("blurry, low quality")
        .with_safety_check(true)
        .with_num_images_per_prompt(2);
    let images = bounded(client.gen_text_to_image(&params)).await.unwrap();
    assert_eq!(images.images.len(), 2);
    assert_eq!(
        images.images[1].url,
        "https://obj-store.livepeer.cloud/livepeer-ai/a1b2/1.png"
    );
    assert_eq!(images.images[0].seed, 2623);
    assert!(!images.images[0].nsfw);

    // POST /api/generate/image-to-image: multipart, the prompt and image required.
    let image = FilePart::bytes(PNG)
        .file_name("cat.png")
        .content_type("image/png")
        .unwrap();
    let images = bounded(
        client
            .gen_image_to_image("Turn the cat into a tiger", image)
            .strength(0.8)
            .negative_prompt("cartoon")
            .seed(42),
    )
    .await
    .unwrap();
    assert_eq!(
        images.images[0].url,
        "https://obj-store.livepeer.cloud/livepeer-ai/c3d4/0.png"
    );

    // POST /api/generate/image-to-video
    let image = FilePart::bytes(PNG)
        .file_name("frame.png")
        .content_type("image/png")
        .unwrap();
    let video = bounded(
        client
            .gen_image_to_video(image)
            .fps(8)
            .motion_bucket_id(127)
            .noise_aug_strength(0.02)
            .safety_check(false),
    )
    .await
    .unwrap();
    assert!(video.images[0].url.ends_with("/0.mp4"));

    // POST /api/generate/upscale
    let image = FilePart::bytes(PNG).file_name("small.png");
    let upscaled = bounded(
        client
            .gen_upscale("A sharp photo of a cat", image)
            .model_id("stabilityai/stable-diffusion-x4-upscaler")
            .num_inference_steps(30),
    )
    .await
    .unwrap();
    assert_eq!(upscaled.images[0].seed, 2623);

    // POST /api/generate/audio-to-text
    let audio = FilePart::bytes(&b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00"[..])
        .file_name("speech.wav")
        .content_type("audio/wav")
        .unwrap();
    let text = bounded(
        client
            .gen_audio_to_text(audio)
            .model_id("openai/whisper-large-v3")
            .return_timestamps("true"),
    )
    .await
    .unwrap();
    assert_eq!(text.text, " Hello world. How are you?");
    assert_eq!(text.chunks.len(), 2);
    assert_eq!(text.chunks[1].text, " How are you?");
    assert_eq!(text.chunks[1].timestamp, [json!(1.2), json!(2.5)]);

    // POST /api/generate/segment-anything-2
    let image = FilePart::bytes(PNG).file_name("scene.png");
    let masks = bounded(
        client
            .gen_segment_anything2(image)
            .point_coords("[[120, 100]]")
            .point_labels("[1]")
            .multimask_output(false),
    )
    .await
    .unwrap();
    assert_eq!(masks.scores, "[0.9763]");
    assert!(masks.masks.starts_with("[[[0, 0, 1]"));
    assert!(masks.logits.contains("-12.5"));

    // POST /api/generate/llm: an `application/x-www-form-urlencoded` body.
    let llm = models::BodyGenLlm::new("Tell me a joke about cats & mice")
        .with_model_id("meta-llama/Meta-Llama-3.1-8B-Instruct")
        .with_system_msg("You are a comedian.")
        .with_temperature(0.7)
        .with_max_tokens(128)
        .with_history("[]")
        .with_stream(false);
    let answer = bounded(client.gen_llm(&llm)).await.unwrap();
    assert_eq!(answer.tokens_used, 27);
    assert!(answer.response.contains("mouse"));

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "POST /api/api/generate/text-to-image",
            "POST /api/api/generate/image-to-image",
            "POST /api/api/generate/image-to-video",
            "POST /api/api/generate/upscale",
            "POST /api/api/generate/audio-to-text",
            "POST /api/api/generate/segment-anything-2",
            "POST /api/api/generate/llm",
        ]
    );

    assert_eq!(
        json_body(&requests[0]),
        json!({
            "model_id": "SG161222/RealVisXL_V4.0_Lightning",
            "prompt": "A cinematic photo of a cat wearing a tiny hat",
            "height": 576,
            "width": 1024,
            "guidance_scale": 7.5,
            "negative_prompt": "blurry, low quality",
            "safety_check": true,
            "num_images_per_prompt": 2
        })
    );

    let parts = multipart(&requests[1]);
    assert_eq!(
        part_names(&parts),
        ["image", "negative_prompt", "prompt", "seed", "strength"]
    );
    assert!(parts["image"].headers.contains("filename=\"cat.png\""));
    assert!(
        parts["image"].headers.contains("image/png"),
        "{}",
        parts["image"].headers
    );
    assert_eq!(parts["image"].content, PNG);
    assert_eq!(parts["prompt"].text(), "Turn the cat into a tiger");
    assert_eq!(parts["strength"].text(), "0.8");
    assert_eq!(parts["negative_prompt"].text(), "cartoon");
    assert_eq!(parts["seed"].text(), "42");

    let parts = multipart(&requests[2]);
    assert_eq!(
        part_names(&parts),
        [
            "fps",
            "image",
            "motion_bucket_id",
            "noise_aug_strength",
            "safety_check"
        ]
    );
    assert!(parts["image"].headers.contains("filename=\"frame.png\""));
    assert_eq!(parts["image"].content, PNG);
    assert_eq!(parts["fps"].text(), "8");
    assert_eq!(parts["motion_bucket_id"].text(), "127");
    assert_eq!(parts["noise_aug_strength"].text(), "0.02");
    assert_eq!(parts["safety_check"].text(), "false");

    let parts = multipart(&requests[3]);
    assert_eq!(
        part_names(&parts),
        ["image", "model_id", "num_inference_steps", "prompt"]
    );
    assert!(parts["image"].headers.contains("filename=\"small.png\""));
    assert_eq!(parts["image"].content, PNG);
    assert_eq!(parts["prompt"].text(), "A sharp photo of a cat");
    assert_eq!(
        parts["model_id"].text(),
        "stabilityai/stable-diffusion-x4-upscaler"
    );
    assert_eq!(parts["num_inference_steps"].text(), "30");

    let parts = multipart(&requests[4]);
    assert_eq!(
        part_names(&parts),
        ["audio", "model_id", "return_timestamps"]
    );
    assert!(parts["audio"].headers.contains("filename=\"speech.wav\""));
    assert!(parts["audio"].headers.contains("audio/wav"));
    assert_eq!(
        parts["audio"].content,
        b"RIFF\x24\x08\x00\x00WAVEfmt \x10\x00\x00\x00"
    );
    assert_eq!(parts["model_id"].text(), "openai/whisper-large-v3");
    assert_eq!(parts["return_timestamps"].text(), "true");

    let parts = multipart(&requests[5]);
    assert_eq!(
        part_names(&parts),
        ["image", "multimask_output", "point_coords", "point_labels"]
    );
    assert!(parts["image"].headers.contains("filename=\"scene.png\""));
    assert_eq!(parts["image"].content, PNG);
    assert_eq!(parts["point_coords"].text(), "[[120, 100]]");
    assert_eq!(parts["point_labels"].text(), "[1]");
    assert_eq!(parts["multimask_output"].text(), "false");

    // The fields in the schema's order (the workspace builds serde_json with
    // `preserve_order`), values percent-encoded.
    assert_eq!(
        requests[6].header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(
        String::from_utf8_lossy(&requests[6].body),
        "prompt=Tell%20me%20a%20joke%20about%20cats%20%26%20mice\
         &model_id=meta-llama%2FMeta-Llama-3.1-8B-Instruct\
         &system_msg=You%20are%20a%20comedian.\
         &temperature=0.7&max_tokens=128&history=%5B%5D&stream=false"
    );
}

// Error bodies

/// The spec's `default` responses carry the `error` schema, `{"errors": [string]}`: a 404
/// gives that body typed, beside its text.
#[tokio::test]
async fn an_error_status_carries_the_typed_error_body() {
    let server = Server::start(vec![
        reply(404, &json!({"errors": ["not found"]})),
        reply(
            422,
            &json!({"errors": ["name is required", "url must match ^http(s)?://"]}),
        ),
        // A body that is not the declared schema: no typed body, the text is kept.
        Reply::typed(502, "text/html", "<html>Bad Gateway</html>"),
    ])
    .await;
    let client = client(&server);

    let error = bounded(client.get_stream("missing-stream"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status, "{error}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.body(), Some(r#"{"errors":["not found"]}"#));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::Error(
            models::Error::new().with_errors(["not found".to_owned()])
        ))
    );
    assert!(error.to_string().contains("not found"), "{error}");

    let webhook = models::Webhook::new("", "ftp://my-service.com/webhook");
    let error = bounded(client.create_webhook(&webhook)).await.unwrap_err();
    assert_eq!(error.status(), Some(422));
    let Some(ErrorBody::Error(body)) = error.error_body() else {
        panic!("no typed body: {error:?}");
    };
    assert_eq!(
        body.errors.as_deref(),
        Some(
            &[
                "name is required".to_owned(),
                "url must match ^http(s)?://".to_owned()
            ][..]
        )
    );

    let error = bounded(client.delete_asset(ASSET_ID)).await.unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status, "{error}");
    assert_eq!(error.status(), Some(502));
    assert_eq!(error.error_body(), None);
    assert_eq!(error.body(), Some("<html>Bad Gateway</html>"));

    assert_eq!(
        lines(&requests(&server)),
        [
            "GET /api/stream/missing-stream".to_owned(),
            "POST /api/webhook".to_owned(),
            format!("DELETE /api/asset/{ASSET_ID}"),
        ]
    );
}

/// `GET /task/{taskId}` declares its `default` response without content: an error status
/// has its text but no typed body, even when the body happens to look like `error`.
#[tokio::test]
async fn an_error_without_a_declared_body_has_no_typed_body() {
    let server = Server::start(vec![reply(404, &json!({"errors": ["task not found"]}))]).await;
    let error = bounded(client(&server).get_task("no-such-task"))
        .await
        .unwrap_err();
    assert_eq!(error.kind(), ErrorKind::Status, "{error}");
    assert_eq!(error.status(), Some(404));
    assert_eq!(error.error_body(), None);
    assert_eq!(error.body(), Some(r#"{"errors":["task not found"]}"#));
    assert_eq!(lines(&requests(&server)), ["GET /api/task/no-such-task"]);
}

/// The AI endpoints declare, per status, `oneOf` the gateway's `HTTPError` and the studio's
/// `studio-api-error`, and `studio-api-error` for any other status.
#[tokio::test]
async fn ai_errors_are_typed_per_status() {
    let server = Server::start(vec![
        reply(400, &json!({"detail": {"msg": "Invalid model ID"}})),
        reply(401, &json!({"errors": ["invalid API key"]})),
        reply(403, &json!({"errors": ["AI generation is not enabled"]})),
        reply(
            500,
            &json!({"detail": {"msg": "Pipeline error: CUDA out of memory"}}),
        ),
        reply(
            422,
            &json!({"detail": [{"loc": ["body", "prompt"], "msg": "field required", "type": "value_error.missing"}]}),
        ),
    ])
    .await;
    let client = client(&server);
    let params = models::TextToImageParams::new("a cat").with_model_id("no/such-model");

    let error = bounded(client.gen_text_to_image(&params))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(400));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::GenTextToImageBadRequest(
            models::GenTextToImageBadRequest::HttpError(models::HttpError::new(
                models::ApiError::new("Invalid model ID")
            ))
        ))
    );

    let error = bounded(client.gen_text_to_image(&params))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(401));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::GenTextToImageUnauthorized(
            models::GenTextToImageUnauthorized::StudioApiError(
                models::StudioApiError::new().with_errors(["invalid API key".to_owned()])
            )
        ))
    );

    let error = bounded(client.gen_text_to_image(&params))
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(403));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::StudioApiError(
            models::StudioApiError::new().with_errors(["AI generation is not enabled".to_owned()])
        ))
    );

    let error = bounded(
        client.gen_audio_to_text(FilePart::bytes(&b"not really audio"[..]).file_name("a.wav")),
    )
    .await
    .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::GenAudioToTextInternalServerError(
            models::GenAudioToTextInternalServerError::HttpError(models::HttpError::new(
                models::ApiError::new("Pipeline error: CUDA out of memory")
            ))
        ))
    );

    let llm = models::BodyGenLlm::new("");
    let error = bounded(client.gen_llm(&llm)).await.unwrap_err();
    assert_eq!(error.status(), Some(422));
    assert_eq!(
        error.error_body(),
        Some(&ErrorBody::GenLlmUnprocessableEntity(
            models::GenLlmUnprocessableEntity::HttpValidationError(
                models::HttpValidationError::new().with_detail([models::ValidationError::new(
                    [
                        models::ValidationErrorLocItem::String("body".to_owned()),
                        models::ValidationErrorLocItem::String("prompt".to_owned()),
                    ],
                    "field required",
                    "value_error.missing",
                )])
            )
        ))
    );

    let requests = requests(&server);
    assert_eq!(
        lines(&requests),
        [
            "POST /api/api/generate/text-to-image",
            "POST /api/api/generate/text-to-image",
            "POST /api/api/generate/text-to-image",
            "POST /api/api/generate/audio-to-text",
            "POST /api/api/generate/llm",
        ]
    );
    assert_eq!(String::from_utf8_lossy(&requests[4].body), "prompt=");
}
