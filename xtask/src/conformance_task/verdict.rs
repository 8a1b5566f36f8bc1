//! What the driver's lines mean: per operation, whether Prism accepted the request and the
//! crate decoded the response, and where the spec itself is at fault.

use codegen::ir::{BodyContent, Ir, Operation, StatusMatch};
use serde_json::Value;

use super::driver::Argument;

/// One line of the driver: what one call gave.
#[derive(Clone, Debug, Default)]
pub struct Line {
    pub index: Option<usize>,
    /// Whether the call sent the spec's examples (else values made from the schemas).
    pub examples: bool,
    /// `Ok`, an `ErrorKind` (`Status`, `Decode`, `Transport`…), `Argument` (a value that does
    /// not decode into its Rust type) or `DriverFailure`.
    pub kind: String,
    pub status: Option<u16>,
    /// Prism's `sl-violations` header.
    pub violations: Option<String>,
    pub body: Option<String>,
    pub path: Option<String>,
    /// Whether the error body decoded into its declared type.
    pub typed: bool,
    pub message: Option<String>,
    /// Why Prism stopped, when it stopped on this call.
    pub server_crash: Option<String>,
}

impl Line {
    pub fn parse(text: &str) -> Option<Self> {
        let value: Value = serde_json::from_str(text).ok()?;
        let text = |key: &str| value.get(key).and_then(Value::as_str).map(str::to_owned);
        Some(Self {
            index: value.get("index")?.as_u64().map(|i| i as usize),
            examples: value.get("examples").and_then(Value::as_bool) == Some(true),
            kind: text("kind")?,
            status: value
                .get("status")
                .and_then(Value::as_u64)
                .map(|s| s as u16),
            violations: text("violations"),
            body: text("body"),
            path: text("path"),
            typed: value.get("typed").and_then(Value::as_bool) == Some(true),
            message: text("message"),
            server_crash: None,
        })
    }

    pub fn driver_failure(index: usize, stderr: &str) -> Self {
        let last = stderr
            .lines()
            .find(|l| l.contains("panicked"))
            .or(stderr.lines().last())
            .unwrap_or("no output");
        Self {
            index: Some(index),
            examples: true,
            kind: "DriverFailure".to_owned(),
            message: Some(last.to_owned()),
            ..Self::default()
        }
    }

    pub fn is_transport(&self) -> bool {
        matches!(self.kind.as_str(), "Transport" | "Timeout")
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    Conforms,
    /// Prism refused the request, or the client could not send it.
    Rejected,
    /// The response did not decode.
    Undecoded,
    /// Prism cannot serve the operation.
    Skipped,
}

/// One row of the table.
#[derive(Clone, Debug)]
pub struct Row {
    pub operation: String,
    pub status: String,
    pub verdict: Verdict,
    /// Why, for anything but a conforming call; `spec defect: …` where the spec is at fault.
    pub detail: String,
}

/// The verdict on one operation from its lines: the call with the spec's examples, and the
/// one with values from the schemas alone when there were examples.
pub fn judge(
    ir: &Ir,
    op: &Operation,
    statuses: &[String],
    arguments: &[Argument],
    lines: Vec<Line>,
) -> Row {
    let mut lines = lines.into_iter();
    let first = lines.next();
    let second = lines.next();
    let Some(first) = first else {
        return Row {
            operation: op.id.clone(),
            status: "-".to_owned(),
            verdict: Verdict::Skipped,
            detail: "not called: the driver stopped before it".to_owned(),
        };
    };
    let mut row = judge_one(ir, op, statuses, &first);
    let Some(second) = second.filter(|_| row.verdict == Verdict::Rejected && first.examples) else {
        return row;
    };
    // The call with the spec's examples was refused, or could not be made: the one with values
    // from the schemas alone tells whether the examples are at fault.
    let plain = judge_one(ir, op, statuses, &second);
    let names: Vec<&str> = arguments
        .iter()
        .filter(|a| a.plain.is_some())
        .map(|a| a.name.trim_start_matches("r#"))
        .collect();
    if plain.verdict != Verdict::Rejected {
        row.detail = format!(
            "spec defect: the spec's example ({}) violates its own schema: {}; values made \
             from the schema give {}",
            names.join(", "),
            row.detail,
            plain.status
        );
    } else if first.kind == "Argument" && second.kind != "Argument" {
        // The example does not fit the member's type, made from the schema; the schema's own
        // values were then refused for a reason of their own.
        row = Row {
            detail: format!(
                "spec defect: the spec's example ({}) does not fit its own schema ({}); with \
                 values made \
                 from the schema: {}",
                names.join(", "),
                row.detail,
                plain.detail
            ),
            ..plain
        };
    }
    row
}

/// The verdict on one call, with what is known of Prism's limitations and the spec's
/// defects.
fn judge_one(ir: &Ir, op: &Operation, statuses: &[String], first: &Line) -> Row {
    let (mut verdict, status, mut detail) = judge_line(op, first);
    // Prism answers with the one status declared, even an informational one as the final
    // response, which no HTTP client reads as an answer.
    let informational = !statuses.is_empty() && statuses.iter().all(|s| s.starts_with('1'));
    let transport = first.is_transport();
    if informational && transport && verdict == Verdict::Rejected {
        verdict = Verdict::Skipped;
        detail = format!(
            "the spec declares only the informational status {}, which Prism sends as the \
             final response: {detail}",
            statuses.join(", ")
        );
    }
    // A redirect the spec declares is followed by the HTTP stack, to the made-up `Location`
    // Prism sends with it.
    let redirects =
        statuses.iter().any(|s| s.starts_with('3')) && !statuses.iter().any(|s| s.starts_with('2'));
    if redirects && verdict == Verdict::Rejected {
        verdict = Verdict::Skipped;
        detail = format!(
            "the spec's answer is a redirect ({}), which the client follows to the `Location` \
             Prism makes up, and Prism judges that request: {detail}",
            statuses.join(", ")
        );
    }
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.content, BodyContent::Multipart(_)));
    if multipart
        && verdict == Verdict::Rejected
        && (detail.contains("must be array (at body.")
            || detail.contains("must be object (at body."))
    {
        verdict = Verdict::Skipped;
        detail = format!(
            "Prism reads each part of a multipart body as text, and only the last of each name, \
             so a required JSON part or list of parts never validates as the object or array \
             it is: {detail}"
        );
    }
    // OpenAPI says a header parameter named `Accept`, `Content-Type` or `Authorization` is
    // ignored, so the client has none; Prism requires it.
    let ignored = ["accept", "content-type", "authorization"]
        .iter()
        .find(|name| {
            detail.contains(&format!(
                "must have required property '{name}' (at request.header)"
            ))
        });
    if let (Verdict::Rejected, Some(name)) = (&verdict, ignored) {
        detail = format!(
            "spec defect: the spec declares `{name}` as a header parameter, which OpenAPI says \
             is ignored (the client sends its own), and Prism requires it: {detail}"
        );
    }
    // Prism reads a parameter's text as each branch's type in turn, so `true` is a boolean and
    // then, coerced again, the integer 1: it matches two branches of a `oneOf`.
    let parameter_union = ["path", "query", "header", "cookie"].iter().any(|place| {
        detail.contains(&format!(
            "must match exactly one schema in oneOf (at request.{place}."
        ))
    });
    if verdict == Verdict::Rejected && parameter_union {
        verdict = Verdict::Skipped;
        detail = format!(
            "Prism coerces a parameter's text to each branch's type, so one value matches \
             several branches of its `oneOf`: {detail}"
        );
    }
    // Prism serves every path at its root, whatever the servers say: an operation whose own
    // server has a path of its own is not found there.
    let own_path = op
        .server
        .and_then(|i| ir.api.operation_servers.get(i))
        .map(|server| server_path(&server.url))
        .filter(|path| !path.is_empty());
    if let Some(path) = own_path {
        if verdict == Verdict::Rejected && detail.starts_with("NO_PATH_MATCHED_ERROR") {
            verdict = Verdict::Skipped;
            detail = format!(
                "Prism serves paths without a server's path, and the operation's own server \
                 puts `{path}` before it: {detail}"
            );
        }
    }
    Row {
        operation: op.id.clone(),
        status: status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
        verdict,
        detail,
    }
}

fn judge_line(op: &Operation, line: &Line) -> (Verdict, Option<u16>, String) {
    let status = line.status;
    let message = line.message.clone().unwrap_or_default();
    if let Some(reason) = &line.server_crash {
        return (
            Verdict::Skipped,
            status,
            format!("Prism stopped on this request (its own failure): {reason}"),
        );
    }
    let response_violations = violations(line.violations.as_deref(), "response");
    match line.kind.as_str() {
        "Ok" => (Verdict::Conforms, status, String::new()),
        "Argument" => (Verdict::Rejected, status, format!("not sent: {message}")),
        "Decode" => {
            let at = line.path.as_deref().unwrap_or("");
            let detail = format!("at `{at}`: {message}");
            if response_violations.is_empty() {
                (Verdict::Undecoded, status, detail)
            } else {
                (
                    Verdict::Undecoded,
                    status,
                    format!(
                        "spec defect: Prism's response violates the spec ({}); {detail}",
                        response_violations.join("; ")
                    ),
                )
            }
        }
        "Status" => judge_status(op, line),
        "DriverFailure" => (
            Verdict::Rejected,
            status,
            format!("the driver failed: {message}"),
        ),
        kind => (
            Verdict::Rejected,
            status,
            format!("{kind} error: {message}"),
        ),
    }
}

/// A response with a status other than 2xx: Prism's own error (a refused request, or one it
/// cannot serve), a refusal in the spec's own error response, or the spec's declared error
/// response to a valid request, which must decode as declared.
fn judge_status(op: &Operation, line: &Line) -> (Verdict, Option<u16>, String) {
    let status = line.status;
    let code = status.unwrap_or(0);
    let body: Option<Value> = line
        .body
        .as_deref()
        .and_then(|b| serde_json::from_str(b).ok());
    let prism_error = body
        .as_ref()
        .and_then(|b| b.get("type"))
        .and_then(Value::as_str)
        .and_then(|t| t.split_once("stoplight.io/prism/errors#"))
        .map(|(_, name)| name.to_owned());
    if let (Some(name), Some(body)) = (prism_error, &body) {
        let text = |key: &str| body.get(key).and_then(Value::as_str).unwrap_or("");
        let validation: Vec<String> = body
            .get("validation")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(describe)
            .collect();
        let detail = if validation.is_empty() {
            format!("{name}: {}: {}", text("title"), text("detail"))
        } else {
            format!("{name}: {}", validation.join("; "))
        };
        return if code >= 500 {
            (
                Verdict::Skipped,
                status,
                format!("Prism cannot serve it: {detail}"),
            )
        } else {
            (Verdict::Rejected, status, detail)
        };
    }
    let requests = violations(line.violations.as_deref(), "request");
    if !requests.is_empty() {
        return (Verdict::Rejected, status, requests.join("; "));
    }
    let declared_body = op.responses.errors.iter().any(|e| matches(e.status, code));
    if declared_body && !line.typed {
        return (
            Verdict::Undecoded,
            status,
            format!(
                "the declared error body did not decode: {}",
                line.body.as_deref().unwrap_or("")
            ),
        );
    }
    (
        Verdict::Conforms,
        status,
        "the spec's error response, as declared".to_owned(),
    )
}

/// The path of a server URL (`/v1` of `https://h/v1/` or of `/v1`), without a trailing `/`.
fn server_path(url: &str) -> String {
    let rest = match url.split_once("://") {
        Some((_, rest)) => rest.find('/').map_or("", |i| &rest[i..]),
        None => url,
    };
    rest.trim_end_matches('/').to_owned()
}

fn matches(pattern: StatusMatch, code: u16) -> bool {
    match pattern {
        StatusMatch::Code(c) => c == code,
        StatusMatch::Range(digit) => code / 100 == digit,
        StatusMatch::Default => true,
    }
}

/// The messages of Prism's `sl-violations` header whose location starts at `side`
/// (`request`'s are written by where in the request: `path`, `query`, `body`…).
fn violations(header: Option<&str>, side: &str) -> Vec<String> {
    let Some(list) = header.and_then(|h| serde_json::from_str::<Value>(h).ok()) else {
        return Vec::new();
    };
    list.as_array()
        .into_iter()
        .flatten()
        .filter(|v| {
            let first = v
                .get("location")
                .and_then(Value::as_array)
                .and_then(|l| l.first())
                .and_then(Value::as_str)
                .unwrap_or("");
            (first == "response") == (side == "response")
        })
        .map(describe)
        .collect()
}

fn describe(violation: &Value) -> String {
    let message = violation
        .get("message")
        .and_then(Value::as_str)
        .unwrap_or("");
    let location: Vec<&str> = violation
        .get("location")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .collect();
    if location.is_empty() {
        message.to_owned()
    } else {
        format!("{message} (at {})", location.join("."))
    }
}

/// The table: operation, status, verdict, detail; one line each.
pub fn table(rows: &[Row]) -> String {
    let width = rows
        .iter()
        .map(|r| r.operation.chars().count())
        .max()
        .unwrap_or(9)
        .clamp(9, 60);
    let mut out = format!(
        "{:<width$}  {:>6}  {:<10}  detail\n",
        "operation", "status", "verdict"
    );
    for row in rows {
        let verdict = match row.verdict {
            Verdict::Conforms => "conforms",
            Verdict::Rejected => "rejected",
            Verdict::Undecoded => "undecoded",
            Verdict::Skipped => "skipped",
        };
        let detail: String = row.detail.replace('\n', " ");
        out.push_str(&format!(
            "{:<width$}  {:>6}  {:<10}  {}\n",
            row.operation, row.status, verdict, detail
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ir() -> Ir {
        let spec = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /items/{id}:\n    get:\n      operationId: getItem\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: integer}}\n      responses:\n        '200': {description: ok, content: {application/json: {schema: {type: object, properties: {id: {type: integer}}}}}}\n        '404': {description: missing, content: {application/json: {schema: {type: object, properties: {message: {type: string}}}}}}\n";
        codegen::lower_to_ir(spec, &codegen::Options::default())
            .expect("the spec lowers")
            .0
    }

    fn judged(line: &str) -> Row {
        let ir = ir();
        let line = Line::parse(line).expect("a driver line");
        judge(&ir, &ir.operations[0], &["200".to_owned()], &[], vec![line])
    }

    #[test]
    fn a_decoded_answer_conforms_and_prisms_refusal_is_a_rejection_naming_the_violation() {
        let ok = judged(r#"{"index": 0, "examples": true, "kind": "Ok", "status": 200}"#);
        assert_eq!((ok.verdict, ok.status.as_str()), (Verdict::Conforms, "200"));
        let body = r#"{\"type\":\"https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY\",\"status\":422,\"validation\":[{\"location\":[\"path\",\"id\"],\"message\":\"Request path parameter id must be integer\"}]}"#;
        let refused = judged(&format!(
            r#"{{"index": 0, "kind": "Status", "status": 422, "body": "{body}"}}"#
        ));
        assert_eq!(refused.verdict, Verdict::Rejected);
        assert_eq!(
            refused.detail,
            "UNPROCESSABLE_ENTITY: Request path parameter id must be integer (at path.id)"
        );
    }

    #[test]
    fn prisms_own_failures_are_skips_and_its_contradictions_spec_defects() {
        let body = r#"{\"type\":\"https://stoplight.io/prism/errors#NO_COMPLEX_OBJECT_TEXT\",\"title\":\"Cannot serialise\",\"detail\":\"\"}"#;
        let failed = judged(&format!(
            r#"{{"index": 0, "kind": "Status", "status": 500, "body": "{body}"}}"#
        ));
        assert_eq!(failed.verdict, Verdict::Skipped);
        let violations = r#"[{\"location\":[\"response\",\"body\",\"id\"],\"message\":\"Response body property id must be integer\"}]"#;
        let contradicted = judged(&format!(
            r#"{{"index": 0, "kind": "Decode", "status": 200, "path": "id", "message": "invalid type", "violations": "{violations}"}}"#
        ));
        assert_eq!(contradicted.verdict, Verdict::Undecoded);
        assert!(
            contradicted
                .detail
                .starts_with("spec defect: Prism's response violates the spec"),
            "{}",
            contradicted.detail
        );
        let ours = judged(
            r#"{"index": 0, "kind": "Decode", "status": 200, "path": "id", "message": "invalid type"}"#,
        );
        assert_eq!(
            (ours.verdict, ours.detail.as_str()),
            (Verdict::Undecoded, "at `id`: invalid type")
        );
    }

    #[test]
    fn a_declared_error_conforms_only_when_its_body_decodes() {
        let typed =
            judged(r#"{"index": 0, "kind": "Status", "status": 404, "body": "{}", "typed": true}"#);
        assert_eq!(typed.verdict, Verdict::Conforms);
        let untyped = judged(
            r#"{"index": 0, "kind": "Status", "status": 404, "body": "[]", "typed": false}"#,
        );
        assert_eq!(untyped.verdict, Verdict::Undecoded);
    }

    #[test]
    fn the_server_path_of_a_url() {
        assert_eq!(server_path("https://h.example/v1/"), "/v1");
        assert_eq!(server_path("/mirror-api"), "/mirror-api");
        assert_eq!(server_path("https://h.example"), "");
    }
}
