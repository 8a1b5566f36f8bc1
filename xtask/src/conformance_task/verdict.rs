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
    let (mut verdict, status, mut detail) = match &first {
        None => (
            Verdict::Skipped,
            None,
            "not called: the driver stopped before it".to_owned(),
        ),
        Some(line) => judge_line(op, line),
    };
    // Prism answers with the one status declared, even an informational one as the final
    // response, which no HTTP client reads as an answer.
    let informational = !statuses.is_empty() && statuses.iter().all(|s| s.starts_with('1'));
    let transport = first.as_ref().is_some_and(Line::is_transport);
    if informational && transport && verdict == Verdict::Rejected {
        verdict = Verdict::Skipped;
        detail = format!(
            "the spec declares only the informational status {}, which Prism sends as the \
             final response: {detail}",
            statuses.join(", ")
        );
    }
    let multipart = op
        .body
        .as_ref()
        .is_some_and(|b| matches!(b.content, BodyContent::Multipart(_)));
    if multipart && verdict == Verdict::Rejected && detail.contains("must be array (at body.") {
        verdict = Verdict::Skipped;
        detail = format!(
            "Prism reads only the last part of each name of a multipart body, so a required \
             list of parts never validates as an array: {detail}"
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
    let mut row = Row {
        operation: op.id.clone(),
        status: status.map_or_else(|| "-".to_owned(), |s| s.to_string()),
        verdict,
        detail,
    };
    // An example Prism rejects, where values from the schema pass: the example is at fault.
    if row.verdict == Verdict::Rejected && first.as_ref().is_some_and(|l| l.examples) {
        if let Some(second) = &second {
            let (plain, status, _) = judge_line(op, second);
            if plain != Verdict::Rejected {
                let names: Vec<&str> = arguments
                    .iter()
                    .filter(|a| a.plain.is_some())
                    .map(|a| a.name.trim_start_matches("r#"))
                    .collect();
                row.detail = format!(
                    "spec defect: the spec's example ({}) violates its own schema: {}; \
                     values made from the schema give {}",
                    names.join(", "),
                    row.detail,
                    status.map_or_else(|| "-".to_owned(), |s| s.to_string())
                );
            }
        }
    }
    row
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
