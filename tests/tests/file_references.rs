//! References to other files in each member that holds objects the generator reads, whatever
//! the member's key (`default` under `responses`, a callback named `example`, a webhook named
//! `default`, properties merged by a `$ref` inside `properties`), from the spec's own file and
//! from a file it references: each is followed, its
//! content is in the IR, and no warning is given.
//!
//! The fixture is `tests/fixtures/specs/multi-file/members/`: `api.yaml` gives every member by
//! file reference; its path `/item` is a path item in `paths/item.yaml`, and `/operation`'s
//! `get` an operation in `paths/operation.yaml`, which give the same members by file reference.

use codegen::ir::{
    BodyContent, CredentialKind, Ir, Operation, ParamLocation, ResponseBody, StatusMatch, Success,
    TypeRef, WebhookSource,
};
use tests::fixture;

fn lowered() -> Ir {
    let (spec, options) = fixture("multi-file/members/api.yaml", "multi-file-members");
    let (ir, warnings) = codegen::lower_to_ir(&spec, &options).unwrap();
    assert!(warnings.is_empty(), "{warnings:#?}");
    ir
}

fn operation<'a>(ir: &'a Ir, id: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|op| op.id == id)
        .unwrap_or_else(|| panic!("no operation `{id}`"))
}

/// The name of the type `ty` names, looking through an `Option`.
fn type_name<'a>(ir: &'a Ir, ty: &TypeRef) -> &'a str {
    match ty {
        TypeRef::Named(id) => &ir.types[id.0].name,
        TypeRef::Option(inner) => type_name(ir, inner),
        other => panic!("not a named type: {other:?}"),
    }
}

/// The operations whose parts are given in the spec's own file, and in files it references.
const IN_ROOT: &str = "rootPost";
const IN_FILES: [&str; 2] = ["itemGet", "operationGet"];

#[test]
fn a_default_response_given_by_file_reference_is_read() {
    let ir = lowered();
    for id in [IN_ROOT, "itemGet", "itemPost", "operationGet"] {
        let op = operation(&ir, id);
        assert!(op.omissions.is_empty(), "{id}: {:?}", op.omissions);
        let default = op
            .responses
            .errors
            .iter()
            .find(|e| e.status == StatusMatch::Default)
            .unwrap_or_else(|| panic!("{id} has no default response"));
        let body = ir
            .error_bodies
            .iter()
            .find(|b| b.name == default.variant)
            .unwrap();
        // The response is a reference to a response in yet another file, `parts/error.yaml`.
        assert_eq!(type_name(&ir, &body.ty), "Error", "{id}");
        let declared = op
            .responses
            .declared_errors
            .iter()
            .find(|e| e.status == StatusMatch::Default)
            .unwrap();
        assert_eq!(declared.summary.as_deref(), Some("what went wrong"), "{id}");
    }
}

#[test]
fn a_status_response_given_by_file_reference_is_read() {
    let ir = lowered();
    for id in [IN_ROOT].into_iter().chain(IN_FILES) {
        let Success::One(ResponseBody::Json(ty)) = &operation(&ir, id).responses.success else {
            panic!("{id}: {:?}", operation(&ir, id).responses.success);
        };
        assert_eq!(type_name(&ir, ty), "Note", "{id}");
    }
}

#[test]
fn parameters_given_by_file_reference_are_read_from_the_path_item_and_the_operation() {
    let ir = lowered();
    for id in [IN_ROOT, "itemGet"] {
        let op = operation(&ir, id);
        let trace = op.params.iter().find(|p| p.wire_name == "trace").unwrap();
        assert_eq!(trace.location, ParamLocation::Header, "{id}");
        // A parameter given by `content`, its schema a file of its own.
        let limit = op.params.iter().find(|p| p.wire_name == "limit").unwrap();
        assert_eq!(limit.location, ParamLocation::Query, "{id}");
        assert_eq!(type_name(&ir, &limit.ty), "Limit", "{id}");
    }
}

#[test]
fn a_request_body_given_by_file_reference_is_read() {
    let ir = lowered();
    for id in [IN_ROOT, "itemPost"] {
        let body = operation(&ir, id).body.as_ref().unwrap();
        assert!(body.required, "{id}");
        let BodyContent::Json { ty, .. } = &body.content else {
            panic!("{id}: {:?}", body.content);
        };
        assert_eq!(type_name(&ir, ty), "Note", "{id}");
    }
}

#[test]
fn path_items_and_operations_given_by_file_reference_are_read() {
    let ir = lowered();
    let paths: Vec<(&str, &str)> = ir
        .operations
        .iter()
        .map(|op| (op.id.as_str(), op.path.as_str()))
        .collect();
    assert_eq!(
        paths,
        [
            ("rootPost", "/root"),
            ("itemGet", "/item"),
            ("itemPost", "/item"),
            ("operationGet", "/operation"),
        ]
    );
}

#[test]
fn callbacks_and_webhooks_given_by_file_reference_are_read() {
    let ir = lowered();
    let read: Vec<(String, &str)> = ir
        .webhooks
        .iter()
        .map(|webhook| {
            let source = match &webhook.source {
                WebhookSource::Webhook { name } => format!("webhook {name}"),
                WebhookSource::Callback {
                    operation, name, ..
                } => format!("callback {name} of {operation}"),
            };
            (source, type_name(&ir, webhook.payload.as_ref().unwrap()))
        })
        .collect();
    assert_eq!(
        read,
        [
            ("webhook default".to_owned(), "Event"),
            ("callback example of rootPost".to_owned(), "Event"),
            ("callback example of itemPost".to_owned(), "Event"),
        ]
    );
}

#[test]
fn a_security_scheme_given_by_file_reference_is_read() {
    let ir = lowered();
    let [credential] = ir.api.credentials.as_slice() else {
        panic!("{:?}", ir.api.credentials);
    };
    assert_eq!(credential.kind, CredentialKind::Bearer);
    assert_eq!(credential.schemes, ["token"]);
    assert!(!operation(&ir, IN_ROOT).security.is_empty());
}

#[test]
fn properties_merged_from_another_file_are_read() {
    let ir = lowered();
    let event = ir.types.iter().find(|t| t.name == "Event").unwrap();
    let codegen::ir::TypeKind::Struct(event) = &event.kind else {
        panic!("{:?}", event.kind);
    };
    let fields: Vec<&str> = event.fields.iter().map(|f| f.wire_name.as_str()).collect();
    assert_eq!(fields, ["kind", "at"]);
}
