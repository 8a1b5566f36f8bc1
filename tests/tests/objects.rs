//! How the generated structs read and write JSON objects: their `Serialize` and `Deserialize`
//! come from the crate's `object!` macro, one kind per field (`required`, `nullable`,
//! `optional`, `three_state`) and a map of the properties the spec does not declare. These are
//! the rules serde's derive followed with the attributes the generator used to write, checked
//! on the structs of `livepeer-full-client` that have each kind.

use livepeer_full_client::models::{
    AssetStorageIpfs, IpfsFileInfo, Nullable, PlaybackPolicy, PlaybackPolicyType,
    StreamHealthPayload, StreamPatchPayload,
};
use serde_json::{Value, json};

fn read<T: serde::de::DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value.clone())
        .map_err(|e| e.to_string())
        .and_then(|from_value: T| {
            // The same from text, as the client reads a body.
            let text = serde_json::to_vec(&value).map_err(|e| e.to_string())?;
            serde_json::from_slice::<T>(&text).map_err(|e| e.to_string())?;
            Ok(from_value)
        })
}

fn write<T: serde::Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("a struct writes")
}

#[test]
fn required_fields_must_be_present_and_others_may_be_absent() {
    let health: StreamHealthPayload =
        read(json!({"stream_name": "s", "is_active": true})).expect("the required fields");
    assert_eq!(health.stream_name, "s");
    assert!(health.is_active);
    assert_eq!(health.session_id, None);
    assert_eq!(health.is_healthy, None);
    let missing = read::<StreamHealthPayload>(json!({"stream_name": "s"})).unwrap_err();
    assert!(missing.contains("missing field `is_active`"), "{missing}");
    let wrong =
        read::<StreamHealthPayload>(json!({"stream_name": 5, "is_active": true})).unwrap_err();
    assert!(
        wrong.contains("invalid type: integer `5`, expected a string"),
        "{wrong}"
    );
}

#[test]
fn a_property_given_twice_is_an_error_and_undeclared_ones_are_skipped() {
    let twice = serde_json::from_str::<StreamHealthPayload>(
        r#"{"stream_name": "a", "is_active": true, "stream_name": "b"}"#,
    )
    .unwrap_err();
    assert!(
        twice.to_string().contains("duplicate field `stream_name`"),
        "{twice}"
    );
    let with_new_fields: StreamHealthPayload = read(json!({
        "stream_name": "s",
        "is_active": false,
        "added_later": {"deep": [1, 2, {"x": null}]},
        "another": "text"
    }))
    .expect("properties the spec does not declare are skipped");
    assert_eq!(with_new_fields.stream_name, "s");
}

#[test]
fn a_nullable_field_is_always_written_and_null_or_absent_reads_as_none() {
    let health: StreamHealthPayload =
        read(json!({"stream_name": "s", "is_active": true, "is_healthy": null})).unwrap();
    assert_eq!(health.is_healthy, None);
    // `nullable` is written even when `None`; `optional` fields are left out.
    assert_eq!(
        write(&health),
        json!({"stream_name": "s", "is_active": true, "is_healthy": null})
    );
    let healthy: StreamHealthPayload =
        read(json!({"stream_name": "s", "is_active": true, "is_healthy": true})).unwrap();
    assert_eq!(healthy.is_healthy, Some(true));
}

#[test]
fn optional_fields_are_left_out_when_unset_and_null_reads_as_none() {
    let patch: StreamPatchPayload = read(json!({"name": null, "record": true})).unwrap();
    assert_eq!(patch.name, None);
    assert_eq!(patch.record, Some(true));
    assert_eq!(write(&patch), json!({"record": true}));
    assert_eq!(write(&StreamPatchPayload::new()), json!({}));
}

#[test]
fn three_state_fields_tell_null_from_absent_both_ways() {
    // JSON names (`playbackPolicy`) in both directions.
    let cleared: StreamPatchPayload = read(json!({"playbackPolicy": null})).unwrap();
    assert_eq!(cleared.playback_policy, Some(Nullable::Null));
    assert_eq!(write(&cleared), json!({"playbackPolicy": null}));
    let absent: StreamPatchPayload = read(json!({})).unwrap();
    assert_eq!(absent.playback_policy, None);
    let set: StreamPatchPayload = read(json!({"playbackPolicy": {"type": "public"}})).unwrap();
    assert_eq!(
        set.playback_policy,
        Some(Nullable::Value(PlaybackPolicy::new(
            PlaybackPolicyType::Public
        )))
    );
    assert_eq!(write(&set), json!({"playbackPolicy": {"type": "public"}}));
}

#[test]
fn undeclared_properties_are_kept_in_the_map_and_written_after_the_fields() {
    let ipfs: AssetStorageIpfs = read(json!({
        "updatedAt": 1.5,
        "pinned": true,
        "nested": {"a": [1]}
    }))
    .unwrap();
    assert_eq!(ipfs.updated_at, Some(1.5));
    assert_eq!(ipfs.additional_properties.len(), 2);
    assert_eq!(ipfs.additional_properties["pinned"], json!(true));
    let text = serde_json::to_string(&ipfs).unwrap();
    assert!(text.starts_with(r#"{"updatedAt":1.5,"#), "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).unwrap(),
        json!({"updatedAt": 1.5, "pinned": true, "nested": {"a": [1]}})
    );
}

#[test]
fn only_objects_are_structs() {
    for not_an_object in [
        json!([]),
        json!(["s", true]),
        json!("s"),
        json!(null),
        json!(1),
    ] {
        let error = read::<StreamHealthPayload>(not_an_object.clone()).unwrap_err();
        assert!(
            error.contains("expected struct StreamHealthPayload"),
            "{not_an_object}: {error}"
        );
    }
}

#[test]
fn errors_inside_a_field_name_its_json_path() {
    let text = r#"{"stream_name": "s", "is_active": true, "tracks": {"video": {"kbits": "many"}}}"#;
    let mut reader = serde_json::Deserializer::from_str(text);
    let error =
        serde_path_to_error::deserialize::<_, StreamHealthPayload>(&mut reader).unwrap_err();
    assert_eq!(error.path().to_string(), "tracks.video.kbits");
}

#[test]
fn new_takes_the_required_fields_converted_and_leaves_the_others_unset() {
    // `impl Into<String>` arguments take a `&str`; the optional fields start as `None`.
    let info = IpfsFileInfo::new("bafy");
    assert_eq!(info.cid, "bafy");
    assert_eq!(
        (info.url.as_deref(), info.gateway_url.as_deref()),
        (None, None)
    );
    assert_eq!(write(&info), json!({"cid": "bafy"}));
    let info = info.with_url("ipfs://bafy");
    assert_eq!(write(&info), json!({"cid": "bafy", "url": "ipfs://bafy"}));
    // With no required field, `new` is `Default`'s value.
    assert_eq!(StreamPatchPayload::new(), StreamPatchPayload::default());
}
