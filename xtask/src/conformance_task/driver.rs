//! The driver: a program, generated from the IR and the plan of a crate, that calls each of
//! the crate's operations once through its real methods and setters, with every member set
//! (required ones as arguments, optional ones by their setters), and prints one JSON line per
//! call saying what came back.
//!
//! Each value is the spec's example or a value made from its schema ([`samples`]), written as
//! JSON text and decoded into the member's Rust type by serde in the driver, so that a value
//! the spec admits but the crate's type does not is found too (an `argument` line).

use std::fmt::Write as _;

use codegen::analysis::requests::Member;
use codegen::ir::{BodyContent, CredentialKind, Ir, Operation, TypeRef};
use codegen::plan::{self, MemberPlan, Plan, Taken};
use serde_json::Value;

use super::samples::{self, Sample};

/// What the driver sends for one member: its value, and whether it is the spec's example.
#[derive(Clone, Debug)]
pub struct Argument {
    pub name: String,
    pub sample: Sample,
    /// The value made from the schema alone, when `sample` holds an example: sent in a second
    /// call, so that an example the server rejects is told apart from a client that sends it
    /// wrong.
    pub plain: Option<Value>,
    /// Whether it is the whole request body.
    pub body: bool,
}

impl Argument {
    fn text(&self, examples: bool) -> String {
        match (&self.plain, examples) {
            (Some(plain), false) => plain.to_string(),
            _ => self.sample.value.to_string(),
        }
    }
}

/// The arguments of every operation, in the IR's order, each in its plan's member order.
pub fn arguments(root: &Value, ir: &Ir, plan: &Plan) -> Vec<Vec<Argument>> {
    ir.operations
        .iter()
        .zip(&plan.operations)
        .map(|(op, planned)| {
            planned
                .members
                .iter()
                .map(|member| {
                    let sample = member_sample(root, op, member, true);
                    let plain = sample
                        .from_example
                        .then(|| member_sample(root, op, member, false).value)
                        .filter(|plain| *plain != sample.value);
                    Argument {
                        name: member.name.clone(),
                        sample,
                        plain,
                        body: member.member == Member::Body,
                    }
                })
                .collect()
        })
        .collect()
}

/// The driver's `Cargo.toml`: the crate under test by path, with every feature its
/// operations need and no TLS (the mock server listens on plain HTTP).
pub fn manifest(crate_name: &str, ir: &Ir) -> String {
    let mut features: Vec<&str> = ir
        .groups
        .iter()
        .filter_map(|group| group.feature.as_deref())
        .collect();
    features.sort_unstable();
    features.dedup();
    let features: Vec<String> = features.iter().map(|f| format!("{f:?}")).collect();
    format!(
        "[package]\nname = \"conformance-driver\"\nversion = \"0.0.0\"\nedition = \"2021\"\npublish = false\n\n\
         [dependencies]\nclient = {{ package = \"{crate_name}\", path = \"../client\", default-features = false, features = [{}] }}\n\
         serde = \"1\"\nserde_json = \"1\"\ntokio = {{ version = \"1\", features = [\"rt\", \"macros\", \"time\"] }}\n",
        features.join(", ")
    )
}

/// The driver's `src/main.rs`. It takes the base URL and the index of the first operation to
/// call (so that a run can go on after the server failed on one).
pub fn program(ir: &Ir, plan: &Plan, arguments: &[Vec<Argument>]) -> String {
    let uses_files = plan
        .operations
        .iter()
        .flat_map(|op| &op.members)
        .any(|m| matches!(m.taken, Taken::File | Taken::Files));
    let mut out = String::new();
    out.push_str(PRELUDE);
    if uses_files {
        out.push_str("use client::FilePart;\n");
    }
    let _ = writeln!(
        out,
        "\nconst OPERATIONS: usize = {};\n",
        ir.operations.len()
    );
    out.push_str("fn client(base_url: String) -> Client {\n    Client::builder()\n        .base_url(base_url)\n        .retry_policy(RetryPolicy::never())\n        .timeout(Duration::from_secs(30))\n");
    for credential in &ir.api.credentials {
        let setter = &credential.setter;
        let _ = match &credential.kind {
            CredentialKind::Bearer => writeln!(out, "        .{setter}(\"conformance-token\")"),
            CredentialKind::Basic => {
                writeln!(out, "        .{setter}(\"conformance\", \"password\")")
            }
            CredentialKind::ApiKey { .. } => {
                writeln!(out, "        .{setter}(\"conformance-key\")")
            }
        };
    }
    out.push_str("        .build()\n        .expect(\"the client builds\")\n}\n\n");
    out.push_str("/// Whether the operation's values include the spec's examples: then it is called a\n/// second time with values made from the schemas alone.\nconst HAS_EXAMPLES: &[bool] = &[");
    for arguments in arguments {
        out.push_str(if arguments.iter().any(|a| a.plain.is_some()) {
            "true, "
        } else {
            "false, "
        });
    }
    out.push_str("];\n\n");
    out.push_str("async fn call(client: &Client, index: usize, examples: bool) -> String {\n    match index {\n");
    for index in 0..ir.operations.len() {
        let _ = writeln!(
            out,
            "        {index} => operation_{index}(client, examples).await,"
        );
    }
    out.push_str("        _ => String::new(),\n    }\n}\n");
    for (index, ((op, planned), arguments)) in ir
        .operations
        .iter()
        .zip(&plan.operations)
        .zip(arguments)
        .enumerate()
    {
        operation(&mut out, ir, index, op, &planned.members, arguments);
    }
    out
}

const PRELUDE: &str = r#"//! Calls each operation once against the server at the given base URL and prints one JSON
//! line per call. Generated by `cargo xtask conformance`.
#![allow(deprecated, unused_imports, unused_mut, clippy::all)]

use std::collections::BTreeMap;
use std::io::Write as _;
use std::time::Duration;

use client::{models, operations, Client, Error, Response, RetryPolicy};
use serde_json::json;

#[tokio::main(flavor = "current_thread")]
async fn main() {
    let mut args = std::env::args().skip(1);
    let base_url = args.next().expect("the base URL");
    let from: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(0);
    let client = client(base_url);
    let mut stdout = std::io::stdout();
    for index in from..OPERATIONS {
        for examples in [true, false] {
            if !examples && !HAS_EXAMPLES[index] {
                continue;
            }
            let line = call(&client, index, examples).await;
            let _ = writeln!(stdout, "{line}");
            let _ = stdout.flush();
        }
    }
}

/// A member's value from its JSON text.
fn arg<T: serde::de::DeserializeOwned>(index: usize, examples: bool, name: &str, json: &str) -> Result<T, String> {
    serde_json::from_str(json).map_err(|e| {
        json!({
            "index": index,
            "examples": examples,
            "kind": "Argument",
            "message": format!("`{name}` = {json} does not decode into `{}`: {e}", std::any::type_name::<T>()),
        })
        .to_string()
    })
}

fn violations(headers: &client::reqwest::header::HeaderMap) -> Option<String> {
    headers
        .get("sl-violations")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
}

fn report<T>(index: usize, examples: bool, result: Result<Response<T>, Error>) -> String {
    match result {
        Ok(response) => json!({
            "index": index,
            "examples": examples,
            "kind": "Ok",
            "status": response.status(),
            "violations": violations(response.headers()),
        }),
        Err(error) => json!({
            "index": index,
            "examples": examples,
            "kind": format!("{:?}", error.kind()),
            "status": error.status(),
            "violations": error.headers().and_then(violations),
            "body": error.body(),
            "path": error.json_path(),
            "typed": error.error_body().is_some(),
            "message": std::error::Error::source(&error).map_or_else(|| error.to_string(), |s| format!("{s}")),
        }),
    }
    .to_string()
}
"#;

fn operation(
    out: &mut String,
    ir: &Ir,
    index: usize,
    op: &Operation,
    members: &[MemberPlan],
    arguments: &[Argument],
) {
    let _ = writeln!(
        out,
        "\n/// `{} {}`\nasync fn operation_{index}(client: &Client, examples: bool) -> String {{",
        op.method.as_str(),
        op.path.replace('`', "'")
    );
    let mut call_args = Vec::new();
    let mut setters = Vec::new();
    for (i, (member, argument)) in members.iter().zip(arguments).enumerate() {
        // Prism keeps only the last part of each name, so a list of parts never validates as
        // the array it is: an optional one is left out (a required one is judged a skip).
        let list = matches!(member.taken, Taken::Files | Taken::Value(TypeRef::Vec(_)));
        if !member.required && matches!(member.member, Member::Part(_)) && list {
            continue;
        }
        let text = if argument.plain.is_some() {
            format!(
                "if examples {{ {:?} }} else {{ {:?} }}",
                argument.text(true),
                argument.text(false)
            )
        } else {
            format!("{:?}", argument.text(true))
        };
        let var = format!("a{i}");
        let name = member.name.trim_start_matches("r#");
        let (declare, pass) = match &member.taken {
            Taken::Value(ty) => (
                typed(&var, &plan::caller_type(ir, ty), index, name, &text),
                var.clone(),
            ),
            Taken::Borrowed(ty) => (
                typed(&var, &plan::caller_type(ir, ty), index, name, &text),
                format!("&{var}"),
            ),
            Taken::Str | Taken::IntoString => {
                let pass = if member.taken == Taken::Str {
                    var.clone()
                } else {
                    format!("{var}.to_owned()")
                };
                (
                    format!("    let {var}: &str = {};\n", raw_text(argument)),
                    pass,
                )
            }
            Taken::RawBody => (
                format!(
                    "    let {var}: Vec<u8> = {}.as_bytes().to_vec();\n",
                    raw_text(argument)
                ),
                var.clone(),
            ),
            Taken::File => (
                format!(
                    "    let {var} = FilePart::bytes(b\"conformance\".to_vec()).file_name(\"conformance.txt\");\n"
                ),
                var.clone(),
            ),
            Taken::Files => (
                // Two files: Prism reads a single part as one value, not as a list of one.
                format!(
                    "    let {var} = vec![FilePart::bytes(b\"one\".to_vec()).file_name(\"one.txt\"), FilePart::bytes(b\"two\".to_vec()).file_name(\"two.txt\")];\n"
                ),
                var.clone(),
            ),
        };
        out.push_str(&declare);
        if member.required {
            call_args.push(pass);
        } else {
            setters.push(format!(".{}({pass})", member.name));
        }
    }
    let _ = writeln!(
        out,
        "    let result = client.{}({}){}.send_with_response().await;\n    report({index}, examples, result)\n}}",
        op.name,
        call_args.join(", "),
        setters.join("")
    );
}

/// A string member's text, or a raw body's: a JSON string as it is, any other value as JSON.
fn raw_text(argument: &Argument) -> String {
    let text = |value: &Value| match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    match &argument.plain {
        Some(plain) => format!(
            "if examples {{ {:?} }} else {{ {:?} }}",
            text(&argument.sample.value),
            text(plain)
        ),
        None => format!("{:?}", text(&argument.sample.value)),
    }
}

/// A member decoded from its JSON text into its type, or the operation's line saying it does
/// not decode.
fn typed(var: &str, ty: &str, index: usize, name: &str, json: &str) -> String {
    format!(
        "    let {var}: {ty} = match arg({index}, examples, {name:?}, {json}) {{\n        Ok(value) => value,\n        Err(line) => return line,\n    }};\n"
    )
}

/// The value sent for one member: the example the spec gives for it (on the parameter or
/// media type, then its schema's), else one made from its schema.
fn member_sample(root: &Value, op: &Operation, member: &MemberPlan, examples: bool) -> Sample {
    let from_schema = |schema: &Value| samples::sample_with(root, schema, examples, false);
    let parameter = |schema: &Value| samples::sample_with(root, schema, examples, true);
    let fallback = Sample {
        value: Value::String("example".to_owned()),
        from_example: false,
    };
    let operation = op
        .source
        .lookup(root)
        .map(|node| samples::deref(root, node));
    match member.member {
        Member::Param(index) => {
            let Some(param) = op.params.get(index) else {
                return fallback;
            };
            let node = param
                .source
                .lookup(root)
                .map(|node| samples::deref(root, node));
            let Some(node) = node.filter(|n| n.get("in").is_some()) else {
                return fallback;
            };
            let content = node
                .get("content")
                .and_then(Value::as_object)
                .and_then(|c| c.values().next())
                .map(|media| samples::deref(root, media));
            if let Some(example) = samples::object_example(root, node)
                .or_else(|| content.and_then(|media| samples::object_example(root, media)))
                .filter(|_| examples)
            {
                return Sample {
                    value: example,
                    from_example: true,
                };
            }
            match node
                .get("schema")
                .or_else(|| content.and_then(|media| media.get("schema")))
            {
                Some(schema) => parameter(schema),
                None => fallback,
            }
        }
        Member::Body | Member::Part(_) => {
            let media = operation
                .and_then(|op_node| op_node.get("requestBody"))
                .map(|body| samples::deref(root, body))
                .and_then(|body| body.get("content"))
                .and_then(|content| {
                    let media_type = op.body.as_ref()?.media_type.as_str();
                    content.get(media_type).or_else(|| {
                        content
                            .as_object()?
                            .iter()
                            .find_map(|(k, v)| (k.split(';').next()? == media_type).then_some(v))
                    })
                })
                .map(|media| samples::deref(root, media));
            let Some(media) = media else {
                return fallback;
            };
            let example = samples::object_example(root, media).filter(|_| examples);
            let schema = media.get("schema");
            let Member::Part(index) = member.member else {
                return match (example, schema) {
                    (Some(value), _) => Sample {
                        value,
                        from_example: true,
                    },
                    (None, Some(schema)) => from_schema(schema),
                    (None, None) => fallback,
                };
            };
            let Some(BodyContent::Multipart(parts)) = op.body.as_ref().map(|b| &b.content) else {
                return fallback;
            };
            let Some(part) = parts.get(index) else {
                return fallback;
            };
            if let Some(value) = example.as_ref().and_then(|e| e.get(&part.wire_name)) {
                return Sample {
                    value: value.clone(),
                    from_example: true,
                };
            }
            match schema.and_then(|s| property(root, s, &part.wire_name, 0)) {
                Some(property) => from_schema(property),
                None => fallback,
            }
        }
    }
}

/// The schema of property `name` of an object schema, looked for in its `allOf` branches too.
fn property<'a>(root: &'a Value, schema: &'a Value, name: &str, depth: usize) -> Option<&'a Value> {
    let schema = samples::deref(root, schema);
    if depth > 16 {
        return None;
    }
    if let Some(found) = schema.get("properties").and_then(|p| p.get(name)) {
        return Some(found);
    }
    ["allOf", "oneOf", "anyOf"].iter().find_map(|key| {
        schema
            .get(*key)?
            .as_array()?
            .iter()
            .find_map(|branch| property(root, branch, name, depth + 1))
    })
}
