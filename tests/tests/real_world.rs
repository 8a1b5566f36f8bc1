//! The generator on the forms published specs use (`tests/fixtures/specs/real-world/`, several
//! files) and on their local defects (`local-defects.yaml`): the first reads completely and
//! without a warning, each defect of the second costs one located warning and degrades only its
//! own part. The crates of both are compiled and exercised in `standalone_crate.rs`.

use codegen::ir::{
    BodyContent, Ir, Operation, ParamLocation, ResponseBody, Scalar, Success, Tagging, TypeKind,
    TypeRef, WebhookSource,
};
use codegen::{Diagnostic, Options, Severity, generate};
use tests::fixture;

fn ir_of(text: &str, options: &Options) -> (Ir, Vec<Diagnostic>) {
    let output = generate(text, options).unwrap_or_else(|e| panic!("{e}"));
    (output.ir, output.warnings)
}

fn operation<'a>(ir: &'a Ir, name: &str) -> &'a Operation {
    ir.operations
        .iter()
        .find(|op| op.name == name)
        .unwrap_or_else(|| panic!("no operation {name}"))
}

fn type_name(ir: &Ir, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => ir.types[id.0].name.clone(),
        TypeRef::Option(inner) | TypeRef::Box(inner) => type_name(ir, inner),
        TypeRef::Scalar(scalar) => scalar.name().to_owned(),
        other => format!("{other:?}"),
    }
}

fn kind<'a>(ir: &'a Ir, name: &str) -> &'a TypeKind {
    &ir.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
        .kind
}

fn field_names(ir: &Ir, name: &str) -> Vec<String> {
    match kind(ir, name) {
        TypeKind::Struct(s) => s.fields.iter().map(|f| f.name.clone()).collect(),
        other => panic!("{name} is {other:?}"),
    }
}

#[test]
fn operations_given_by_reference_in_other_files_keep_their_content() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let (ir, warnings) = ir_of(&text, &options);
    assert!(warnings.is_empty(), "{warnings:?}");
    let names: Vec<&str> = ir.operations.iter().map(|op| op.name.as_str()).collect();
    assert_eq!(
        names,
        [
            "list_keys",
            "create_key",
            "get_key",
            "delete_key",
            "subscribe"
        ]
    );
    assert!(ir.operations.iter().all(|op| op.omissions.is_empty()));

    let list = operation(&ir, "list_keys");
    assert_eq!(list.params.len(), 1);
    assert_eq!(
        (list.params[0].wire_name.as_str(), &list.params[0].ty),
        ("limit", &TypeRef::Scalar(Scalar::I64))
    );
    let Success::One(ResponseBody::Json(page)) = &list.responses.success else {
        panic!("{:?}", list.responses.success);
    };
    assert_eq!(type_name(&ir, page), "ListKeysResponse");
    assert_eq!(list.responses.errors.len(), 1, "the 404 from responses.yml");

    let create = operation(&ir, "create_key");
    let Some(BodyContent::Json { ty, .. }) = create.body.as_ref().map(|b| &b.content) else {
        panic!("{:?}", create.body);
    };
    assert_eq!(type_name(&ir, ty), "Key", "named after its file");

    // Path-level parameters of a path item in another file; an operation in a third.
    let get = operation(&ir, "get_key");
    assert_eq!(get.params[0].wire_name, "keyId");
    assert_eq!(get.params[0].location, ParamLocation::Path);
    let delete = operation(&ir, "delete_key");
    let params: Vec<&str> = delete.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(params, ["keyId", "force"]);
}

#[test]
fn only_files_the_generator_reads_are_loaded() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let document = codegen::stages::load(&text, &options).unwrap();
    let mut files: Vec<&str> = document.root["x-codegen-bundled"]
        .as_object()
        .unwrap()
        .keys()
        .map(|key| key.split_once('-').unwrap().1)
        .collect();
    files.sort_unstable();
    // Not the code samples of `x-codeSamples`, which do not even exist.
    assert_eq!(
        files,
        [
            "key.yml",
            "key.yml",
            "key_delete.yml",
            "keys_get.yml",
            "keys_post.yml",
            "parameters.yml",
            "responses.yml"
        ]
    );
}

#[test]
fn a_mapping_through_references_tags_its_union() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let (ir, _) = ir_of(&text, &options);
    let TypeKind::Union(union) = kind(&ir, "KeyEvent") else {
        panic!("KeyEvent is not a union");
    };
    assert_eq!(
        union.tagging,
        Tagging::Internal {
            tag: "kind".to_owned()
        }
    );
    let tags: Vec<Option<&str>> = union
        .variants
        .iter()
        .map(|v| v.wire_name.as_deref())
        .collect();
    assert_eq!(tags, [Some("key"), Some("revoked"), Some("expired")]);
}

#[test]
fn inline_schemas_are_named_where_they_are_defined() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let (ir, _) = ir_of(&text, &options);
    let TypeKind::Struct(expired) = kind(&ir, "Expired") else {
        panic!("Expired is not a struct");
    };
    let detail = &expired.fields[1];
    assert_eq!(detail.name, "detail");
    // Not `KeyEventExpiredDetail`, after the union whose variant reached it first.
    assert_eq!(type_name(&ir, &detail.ty), "ExpiredDetail");
}

#[test]
fn compositions_keep_every_stated_property() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let (ir, _) = ir_of(&text, &options);
    // Nested `allOf`, to any depth; a branch of only words adds nothing.
    assert_eq!(
        field_names(&ir, "KeyRotated"),
        ["at", "actor", "id", "previous"]
    );
    // A `oneOf` inside an `allOf` is a flattened field; a property narrowed twice is one field.
    assert_eq!(
        field_names(&ir, "Owned"),
        ["id", "kind", "scopes", "label", "variant"]
    );
    let TypeKind::Struct(owned) = kind(&ir, "Owned") else {
        unreachable!()
    };
    let variant = owned.fields.last().unwrap();
    assert!(variant.flatten);
    assert_eq!(type_name(&ir, &variant.ty), "OwnedVariant");
    // An inline enum merged from another file is named where it is defined.
    let key_kind = &owned.fields[1].ty;
    assert_eq!(type_name(&ir, key_kind), "KeyKind");
}

#[test]
fn numbers_beyond_64_bits_are_bounds_not_errors() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let (ir, _) = ir_of(&text, &options);
    let TypeKind::Struct(bounds) = kind(&ir, "Bounds") else {
        unreachable!()
    };
    let types: Vec<&TypeRef> = bounds.fields.iter().map(|f| &f.ty).collect();
    assert_eq!(
        types,
        [
            &TypeRef::Option(Box::new(TypeRef::Scalar(Scalar::I64))),
            &TypeRef::Option(Box::new(TypeRef::Scalar(Scalar::U64)))
        ]
    );
    for spec in [
        "openapi: 3.1.0\ncomponents:\n  schemas:\n    a: {type: integer, minimum: -9223372036854776000, maximum: 18446744073709552000}\n",
        r#"{"openapi": "3.0.3", "components": {"schemas": {"a": {"type": "number", "maximum": 1e400, "minimum": -9223372036854776000}}}}"#,
    ] {
        let (ir, warnings) = ir_of(spec, &Options::default());
        assert!(warnings.is_empty(), "{spec}: {warnings:?}");
        assert_eq!(ir.types.len(), 1);
    }
}

#[test]
fn webhook_and_callback_payloads_are_models() {
    let (text, options) = fixture("real-world/api.yaml", "real-world");
    let output = generate(&text, &options).unwrap();
    let ir = &output.ir;
    let found: Vec<(String, String)> = ir
        .webhooks
        .iter()
        .map(|w| {
            let source = match &w.source {
                WebhookSource::Webhook { name } => name.clone(),
                WebhookSource::Callback {
                    operation, name, ..
                } => format!("{operation}.{name}"),
            };
            (source, type_name(ir, w.payload.as_ref().unwrap()))
        })
        .collect();
    assert_eq!(
        found,
        [
            ("keyRotated".to_owned(), "KeyRotated".to_owned()),
            (
                "subscribe.onEvent".to_owned(),
                "SubscribeOnEventPayload".to_owned()
            ),
        ]
    );
    let lib = &output
        .files
        .iter()
        .find(|f| f.path.ends_with("lib.rs"))
        .unwrap()
        .contents;
    assert!(
        lib.contains("//! - `keyRotated` (`POST`): [`models::KeyRotated`]"),
        "{lib}"
    );
}

#[test]
fn each_local_defect_is_one_located_warning() {
    let (text, options) = fixture("local-defects.yaml", "local-defects");
    let (ir, warnings) = ir_of(&text, &options);
    let found: Vec<(String, usize)> = warnings
        .iter()
        .map(|w| {
            assert_eq!(w.severity, Severity::Warning);
            (w.pointer.to_string(), w.location.map_or(0, |l| l.line))
        })
        .collect();
    let expected = [
        ("#/paths/~1items~1{itemId}/get/parameters/0/$ref", 14),
        ("#/paths/~1items~1{itemId}/get/parameters/2", 18),
        ("#/paths/~1items~1{itemId}/get/responses/404/$ref", 30),
        ("#/paths/~1items~1{itemId}/put/requestBody/$ref", 39),
        ("#/paths/~1items~1{itemId}/delete/$ref", 44),
        ("#/paths/~1gone/$ref", 56),
        ("#/components/schemas/Item/properties/owner/$ref", 63),
        ("#/components/schemas/Item/properties/count/$ref", 64),
        ("#/components/schemas/Item/properties/remote/$ref", 65),
        (
            "#/components/schemas/Item/properties/merged/properties/$ref",
            72,
        ),
        (
            "#/components/schemas/Shape/discriminator/mapping/square",
            82,
        ),
        (
            "#/paths/~1items~1{itemId}/patch/requestBody/content/application~1json/schema/$ref",
            51,
        ),
        ("#/components/schemas/Item/properties/mixed/allOf", 68),
    ];
    let expected: Vec<(String, usize)> = expected
        .iter()
        .map(|(p, l)| ((*p).to_owned(), *l))
        .collect();
    assert_eq!(found, expected);
    assert!(
        warnings[4].message.contains("missing.yaml"),
        "{}",
        warnings[4]
    );

    // Each operation keeps what it can, and says in its docs what it left out.
    let omitted: Vec<(&str, usize)> = ir
        .operations
        .iter()
        .map(|op| (op.name.as_str(), op.omissions.len()))
        .collect();
    assert_eq!(
        omitted,
        [
            ("get_item", 3),
            ("put_item", 1),
            ("delete_items_item_id", 1),
            ("patch_item", 1)
        ]
    );
    let get = operation(&ir, "get_item");
    let params: Vec<&str> = get.params.iter().map(|p| p.wire_name.as_str()).collect();
    assert_eq!(params, ["verbose", "itemId"]);
    assert!(matches!(
        get.responses.success,
        Success::One(ResponseBody::Json(_))
    ));
    let fields = |name| match kind(&ir, name) {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| (f.name.clone(), type_name(&ir, &f.ty)))
            .collect::<Vec<_>>(),
        _ => unreachable!(),
    };
    let item = fields("Item");
    assert!(
        item.contains(&("owner".to_owned(), "Value".to_owned())),
        "{item:?}"
    );
    assert!(
        item.contains(&("count".to_owned(), "Value".to_owned())),
        "{item:?}"
    );
    assert!(
        item.contains(&("mixed".to_owned(), "String".to_owned())),
        "{item:?}"
    );
    // The mapping lost an entry; the union's tags are read from each branch's `enum`.
    let TypeKind::Union(shape) = kind(&ir, "Shape") else {
        unreachable!()
    };
    assert!(matches!(shape.tagging, Tagging::Internal { .. }));

    // The builders are in one file per tag, under `src/operations/`.
    let operations: String = generate(&text, &options)
        .unwrap()
        .files
        .into_iter()
        .filter(|f| f.path.starts_with("src/operations"))
        .map(|f| f.contents)
        .collect();
    assert!(operations.contains("/// # Incomplete"), "{operations}");
}

#[test]
fn a_key_written_twice_is_a_warning_at_its_line() {
    let spec = "openapi: 3.1.0\ninfo:\n  title: a\n  title: b\n";
    let (ir, warnings) = ir_of(spec, &Options::default());
    assert_eq!(ir.api.title, "b");
    assert_eq!(warnings.len(), 1);
    assert_eq!(warnings[0].pointer.to_string(), "#/info/title");
    assert!(warnings[0].location.is_some());
}
