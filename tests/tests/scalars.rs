//! Every scalar a `(type, format)` maps to (`lower/scalars.rs`), read and written by the
//! `scalars` fixture's client (`tests/clients/scalars`): alone, and as a branch of a
//! `type: [integer, string]` union, which takes the same mapping.

use std::time::Duration;

use scalars_client::Client;
use scalars_client::models::{Reading, ReadingCounterOrLabel, ReadingRatioOrLabel};
use serde_json::{Value, json};
use tests::loopback::{Reply, Server};

fn read(value: Value) -> Reading {
    serde_json::from_value(value).expect("the reading decodes")
}

#[test]
fn a_uint64_decodes_its_largest_value_alone_and_in_a_union() {
    let reading = read(json!({
        "counter": u64::MAX,
        "counter_or_label": u64::MAX,
        "price": "1",
    }));
    assert_eq!(reading.counter, u64::MAX);
    assert_eq!(
        reading.counter_or_label,
        Some(ReadingCounterOrLabel::Integer(u64::MAX))
    );
    let written = serde_json::to_value(&reading).unwrap();
    assert_eq!(written["counter"], json!(u64::MAX));
    assert_eq!(written["counter_or_label"], json!(u64::MAX));
    let label = read(json!({"counter": 1, "counter_or_label": "many", "price": "1"}));
    assert_eq!(
        label.counter_or_label,
        Some(ReadingCounterOrLabel::String("many".to_owned()))
    );
}

#[test]
fn a_float_is_f32_alone_and_in_a_union() {
    let reading = read(json!({
        "counter": 1, "price": "1", "ratio": 0.5, "ratio_or_label": 0.25,
    }));
    let ratio: Option<f32> = reading.ratio;
    assert_eq!(ratio, Some(0.5));
    assert_eq!(
        reading.ratio_or_label,
        Some(ReadingRatioOrLabel::Number(0.25_f32))
    );
}

#[test]
fn out_of_range_integers_are_refused() {
    let negative = serde_json::from_value::<Reading>(json!({"counter": -1, "price": "1"}));
    assert!(negative.is_err());
    let too_big =
        serde_json::from_value::<Reading>(json!({"counter": 1, "price": "1", "small": 300}));
    assert!(too_big.is_err());
}

#[test]
fn a_decimal_string_is_read_exactly_and_written_back_as_text() {
    let reading = read(json!({
        "counter": 1,
        "price": "12.50",
        "prices": ["0.1", "-3", "79228162514264337593543950335"],
        "tolerance": 0.5,
    }));
    // Exact: an `f64` would hold 0.1 as 0.1000000000000000055511151231257827.
    assert_eq!(reading.price.to_string(), "12.50");
    let prices = reading.prices.clone().unwrap();
    assert_eq!(prices[0].to_string(), "0.1");
    assert_eq!(
        (prices[0] + prices[0] + prices[0]).to_string(),
        "0.3",
        "decimal arithmetic"
    );
    assert_eq!(prices[2].to_string(), "79228162514264337593543950335");
    let tolerance: Option<f64> = reading.tolerance;
    assert_eq!(tolerance, Some(0.5));
    let written = serde_json::to_value(&reading).unwrap();
    assert_eq!(written["price"], json!("12.50"));
    assert_eq!(
        written["prices"],
        json!(["0.1", "-3", "79228162514264337593543950335"])
    );
    let not_a_number = serde_json::from_value::<Reading>(json!({"counter": 1, "price": "twelve"}));
    assert!(not_a_number.is_err());
}

#[test]
fn a_decimal_setter_takes_anything_that_converts() {
    let reading =
        Reading::new(7, 5).with_prices(vec![serde_json::from_value(json!("2.5")).unwrap()]);
    assert_eq!(
        serde_json::to_value(&reading).unwrap(),
        json!({"counter": 7, "price": "5", "prices": ["2.5"]})
    );
}

#[tokio::test]
async fn scalars_go_on_the_wire_as_the_spec_writes_them() {
    let server = Server::start(vec![
        Reply::json(200, r#"{"counter": 18446744073709551615, "price": "0.10"}"#),
        Reply::status(204),
    ])
    .await;
    let client = Client::builder().base_url(server.url()).build().unwrap();
    let threshold = serde_json::from_value(json!("0.5")).unwrap();
    let reading = tokio::time::timeout(
        Duration::from_secs(10),
        client.get_reading(u64::MAX).threshold(threshold),
    )
    .await
    .expect("the client returns")
    .unwrap();
    assert_eq!(reading.counter, u64::MAX);
    assert_eq!(reading.price.to_string(), "0.10");
    tokio::time::timeout(
        Duration::from_secs(10),
        client.put_reading(u64::MAX, &reading),
    )
    .await
    .expect("the client returns")
    .unwrap();
    let requests = server.requests();
    assert_eq!(
        requests[0].line(),
        "GET /readings/18446744073709551615?threshold=0.5"
    );
    assert_eq!(requests[1].line(), "PUT /readings/18446744073709551615");
    assert_eq!(
        serde_json::from_slice::<Value>(&requests[1].body).unwrap(),
        json!({"counter": 18446744073709551615_u64, "price": "0.10"})
    );
}
