//! The public API of a generated crate as plain data: one entry per public item the spec gives
//! the crate (a type, a field, a variant, a method, an argument, a setter, a response type, an
//! error status), with its Rust type spelled, the facts semver rules depend on, and the spec
//! node it comes from.
//!
//! The summary is written beside the crate (`api.json`), so that a later regeneration compares
//! the new API with the one checked in, without the old spec: [`diff`] pairs the items of two
//! summaries and [`rules`] classifies each change as breaking or additive. [`report`] says it
//! in lines, [`version`] bumps the crate's version as the changes ask.
//!
//! The items mirror what `emit` writes; a change to the shape of the generated API (a new
//! constructor, `#[non_exhaustive]` types, cargo features) is a change here too: a new item kind
//! or a new [`Fact`], and the rule rows that read it.

pub mod diff;
mod file;
mod place;
pub mod report;
pub mod rules;
pub mod version;

use serde::{Deserialize, Serialize};

use crate::analysis::reach::ALL_MODELS;
use crate::ir::{BodyContent, Ir, ResponseBody, Success, TypeDef, TypeKind, TypeRef};
use crate::plan::operations::body_type;
use crate::plan::spelling::{Site, type_text};
use crate::plan::{OperationPlan, Plan, StructPlan};
use crate::pointer::Pointer;

pub use file::{API_FILE, ReadError};
pub(crate) use place::{Placed, place_all};

/// The public API of one generated crate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiSurface {
    /// The package name.
    pub crate_name: String,
    /// The package version the crate was written with.
    pub version: String,
    /// Every public item the spec gives the crate, in the order the crate defines them.
    pub items: Vec<Item>,
}

/// One public item.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Item {
    /// How Rust code outside the crate names it: `models::Task`, `models::Task::status`,
    /// `Client::get_task`, `Client::get_task(task_id)` (an argument),
    /// `operations::GetTask::limit` (a setter), `operations::GetTask::Output` (the response),
    /// `operations::GetTask::Error[404]` (an error status), `features::tls`.
    pub path: String,
    pub kind: Kind,
    /// Its Rust type as a caller spells it (a field's, an argument's, a setter's value, a
    /// variant's payload, an alias's target, a method's return type); empty when it has none.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub ty: String,
    /// What semver rules need to know beyond the type, in [`Fact`] order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub facts: Vec<Fact>,
    /// An argument's place among its method's arguments, from 0.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub position: Option<usize>,
    /// The item this one is part of (a field's struct, a setter's builder, a builder's method);
    /// none for the crate's own items.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub within: Option<String>,
    /// The spec node it comes from, as a JSON pointer.
    pub pointer: String,
    /// Where that node (or its nearest enclosing node the text shows) is: `file:line`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub at: Option<String>,
}

/// What kind of Rust item an [`Item`] is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Module,
    Const,
    Struct,
    Enum,
    TypeAlias,
    /// A named field of a struct, or `0` of a tuple struct.
    Field,
    Variant,
    /// A method of `Client` or `ClientBuilder`, or a model's constructor `new`.
    Method,
    /// A required argument of a method (of a constructor: a required field).
    Argument,
    /// A method of a request builder that sets an optional parameter, or a model's `with_`
    /// method that sets an optional field.
    Setter,
    /// A method of a request builder that gives a stream (`items`, `pages`), with the stream's
    /// type.
    Stream,
    /// The type an operation's request resolves to.
    Response,
    /// An error status whose body the client decodes into an `ErrorBody` variant.
    ErrorStatus,
    /// A cargo feature of the crate.
    Feature,
}

impl Kind {
    /// Items that own a name of their own (types, methods, modules): paired between two
    /// summaries by the spec node they come from, so that a name that moved is a rename.
    /// The others are members, paired by name within their owner.
    pub fn is_named(self) -> bool {
        !matches!(
            self,
            Kind::Field
                | Kind::Variant
                | Kind::Argument
                | Kind::Setter
                | Kind::Stream
                | Kind::Response
                | Kind::ErrorStatus
        )
    }

    /// The word the report uses.
    pub fn noun(self) -> &'static str {
        match self {
            Kind::Module => "module",
            Kind::Const => "constant",
            Kind::Struct => "struct",
            Kind::Enum => "enum",
            Kind::TypeAlias => "type alias",
            Kind::Field => "field",
            Kind::Variant => "variant",
            Kind::Method => "method",
            Kind::Argument => "argument",
            Kind::Setter => "setter",
            Kind::Stream => "stream method",
            Kind::Response => "response type",
            Kind::ErrorStatus => "error status",
            Kind::Feature => "feature",
        }
    }
}

/// A fact about an item that a semver rule depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Fact {
    /// A struct or enum marked `#[non_exhaustive]`: other crates can neither build it with a
    /// literal nor match it without a wildcard.
    NonExhaustive,
    /// A struct with private fields: other crates cannot build it with a literal.
    PrivateFields,
    /// A cargo feature the crate enables by default.
    DefaultFeature,
    /// A struct that implements `Default` (a model without required fields).
    Default,
}

impl Fact {
    pub const ALL: [Fact; 4] = [
        Fact::NonExhaustive,
        Fact::PrivateFields,
        Fact::DefaultFeature,
        Fact::Default,
    ];

    /// The words the report uses for an item that has it.
    pub fn description(self) -> &'static str {
        match self {
            Fact::NonExhaustive => "#[non_exhaustive]",
            Fact::PrivateFields => "with private fields",
            Fact::DefaultFeature => "on by default",
            Fact::Default => "implementing `Default`",
        }
    }
}

impl Item {
    pub fn has(&self, fact: Fact) -> bool {
        self.facts.contains(&fact)
    }
}

impl ApiSurface {
    /// The public API that emitting `ir` as `plan` says gives the crate, each item with its
    /// spec pointer and no location yet (see [`ApiSurface::place`]).
    pub fn from_plan(ir: &Ir, plan: &Plan, crate_name: &str, version: &str) -> Self {
        build(ir, plan, crate_name, version).0
    }

    /// Fills in each item's `at` from the locations given for the pointers, in item order.
    pub fn place(&mut self, locations: Vec<Option<String>>) {
        for (item, at) in self.items.iter_mut().zip(locations) {
            item.at = at;
        }
    }
}

/// [`ApiSurface::from_ir`], with each item's spec node as a pointer, in item order.
pub(crate) fn build(
    ir: &Ir,
    plan: &Plan,
    crate_name: &str,
    version: &str,
) -> (ApiSurface, Vec<Pointer>) {
    // About as many items as GitHub's spec gives (three a type, thirty an operation), so that
    // the list is allocated once or twice rather than grown by doubling.
    let expected = 3 * ir.types.len() + 32 * ir.operations.len();
    let mut builder = Builder {
        ir,
        items: Vec::with_capacity(expected),
        pointers: Vec::with_capacity(expected),
    };
    builder.crate_items();
    for (def, def_plan) in ir.types.iter().zip(&plan.models) {
        builder.model(def, def_plan.as_ref());
    }
    builder.error_body();
    for (op, op_plan) in ir.operations.iter().zip(&plan.operations) {
        builder.operation(op, op_plan);
    }
    let surface = ApiSurface {
        crate_name: crate_name.to_owned(),
        version: version.to_owned(),
        items: builder.items,
    };
    (surface, builder.pointers)
}

/// Collects the items of one IR, in the order the crate defines them.
struct Builder<'a> {
    ir: &'a Ir,
    items: Vec<Item>,
    /// Each item's spec node.
    pointers: Vec<Pointer>,
}

impl Builder<'_> {
    fn push(&mut self, path: String, kind: Kind, ty: String, pointer: &Pointer) -> &mut Item {
        self.items.push(Item {
            path,
            kind,
            ty,
            facts: Vec::new(),
            position: None,
            within: None,
            pointer: pointer.to_fragment(),
            at: None,
        });
        self.pointers.push(pointer.clone());
        let last = self.items.len() - 1;
        &mut self.items[last]
    }

    fn spell(&self, ty: &TypeRef) -> String {
        type_text(self.ir, ty, Site::Caller)
    }

    /// The items of the crate root that only some specs give it.
    fn crate_items(&mut self) {
        let ir = self.ir;
        let root = Pointer::root();
        if ir.api.default_base_url.is_some() {
            let servers = root.join("servers").join("0");
            self.push(
                "DEFAULT_BASE_URL".into(),
                Kind::Const,
                "&str".into(),
                &servers,
            );
        }
        let servers = ir.api.server.iter().chain(&ir.api.operation_servers);
        if let Some(server) = servers.clone().find(|s| !s.variables.is_empty()) {
            let variables = server.source.join("variables");
            self.push(
                "ClientBuilder::server_variable".into(),
                Kind::Method,
                "ClientBuilder".into(),
                &variables,
            );
        }
        for credential in &ir.api.credentials {
            self.push(
                format!("ClientBuilder::{}", credential.setter),
                Kind::Method,
                "ClientBuilder".into(),
                &credential.source,
            );
        }
        if !ir.operations.is_empty() {
            self.push(
                "operations".into(),
                Kind::Module,
                String::new(),
                &root.join("paths"),
            );
            // Spans and events of each call, off by default.
            self.push(
                "features::tracing".into(),
                Kind::Feature,
                String::new(),
                &root.join("paths"),
            );
            // Each builder is re-exported as `operations::Builder`, the path recorded below.
            for group in &ir.groups {
                let path = format!("operations::{}", group.module);
                self.push(path, Kind::Module, String::new(), &group.source);
            }
        }
        self.features();
        if let Some(op) = ir.operations.iter().find(|op| sends_multipart(op)) {
            let body = op.source.join("requestBody");
            self.push("FilePart".into(), Kind::Struct, String::new(), &body)
                .facts
                .push(Fact::PrivateFields);
        }
    }

    /// The crate's cargo features: the TLS backends, `all-models`, one per tag.
    fn features(&mut self) {
        let root = Pointer::root();
        let tls = [
            ("rustls", true),
            ("rustls-ring", false),
            ("native-tls", false),
        ];
        let all_models = [(ALL_MODELS, true)];
        for (name, default) in tls.into_iter().chain(all_models) {
            let item = self.push(
                format!("features::{name}"),
                Kind::Feature,
                String::new(),
                &root,
            );
            if default {
                item.facts.push(Fact::DefaultFeature);
            }
        }
        for group in &self.ir.groups {
            if let Some(feature) = &group.feature {
                let path = format!("features::{feature}");
                self.push(path, Kind::Feature, String::new(), &group.source)
                    .facts
                    .push(Fact::DefaultFeature);
            }
        }
    }

    fn model(&mut self, def: &TypeDef, plan: Option<&StructPlan>) {
        let path = format!("models::{}", def.name);
        match &def.kind {
            TypeKind::Struct(s) => {
                // The plan has every struct; one it lacks is planned here, the same way.
                let plan = &plan
                    .cloned()
                    .unwrap_or_else(|| crate::plan::models::structure(s));
                let item = self.push(path.clone(), Kind::Struct, String::new(), &def.source);
                item.facts.push(Fact::NonExhaustive);
                if plan.default {
                    item.facts.push(Fact::Default);
                }
                for field in &s.fields {
                    let ty = self.spell(&field.ty);
                    let member = format!("{path}::{}", field.name);
                    self.member(member, Kind::Field, ty, &field.source, &path);
                }
                if let (Some(extra), Some(map)) = (&s.additional, &plan.additional) {
                    let ty = self.spell(map);
                    let member = format!("{path}::{}", extra.name);
                    let pointer = def.source.join("additionalProperties");
                    self.member(member, Kind::Field, ty, &pointer, &path);
                }
                // `new(required fields)`, then a `with_` setter per optional field.
                let new = format!("{path}::new");
                self.member(new.clone(), Kind::Method, path.clone(), &def.source, &path);
                for (position, argument) in plan.constructor.iter().enumerate() {
                    let field = &s.fields[argument.field];
                    let ty = self.spell(&argument.value);
                    let path = format!("{new}({})", field.name);
                    let item = self.push(path, Kind::Argument, ty, &field.source);
                    item.within = Some(new.clone());
                    item.position = Some(position);
                }
                for setter in &plan.setters {
                    let ty = self.spell(&setter.value);
                    let member = format!("{path}::{}", setter.name);
                    let source = &s.fields[setter.field].source;
                    self.member(member, Kind::Setter, ty, source, &path);
                }
            }
            TypeKind::Enum(e) => {
                self.push(path.clone(), Kind::Enum, String::new(), &def.source)
                    .facts
                    .push(Fact::NonExhaustive);
                for (i, variant) in e.variants.iter().enumerate() {
                    let member = format!("{path}::{}", variant.name);
                    let pointer = def.source.join("enum").join(i.to_string());
                    self.member(member, Kind::Variant, String::new(), &pointer, &path);
                }
                let member = format!("{path}::{}", e.other_variant);
                self.member(member, Kind::Variant, "String".into(), &def.source, &path);
            }
            TypeKind::Union(u) => {
                self.push(path.clone(), Kind::Enum, String::new(), &def.source)
                    .facts
                    .push(Fact::NonExhaustive);
                for variant in &u.variants {
                    let ty = self.spell(&variant.payload);
                    let member = format!("{path}::{}", variant.name);
                    self.member(member, Kind::Variant, ty, &variant.source, &path);
                }
                if let Some(unknown) = &u.unknown_variant {
                    let member = format!("{path}::{unknown}");
                    let ty = "serde_json::Value".to_owned();
                    self.member(member, Kind::Variant, ty, &def.source, &path);
                }
            }
            TypeKind::Newtype(inner) => {
                self.push(path.clone(), Kind::Struct, String::new(), &def.source)
                    .facts
                    .push(Fact::NonExhaustive);
                let ty = self.spell(inner);
                self.member(
                    format!("{path}::0"),
                    Kind::Field,
                    ty.clone(),
                    &def.source,
                    &path,
                );
                let new = format!("{path}::new");
                self.member(new.clone(), Kind::Method, path.clone(), &def.source, &path);
                let item = self.push(format!("{new}(value)"), Kind::Argument, ty, &def.source);
                item.within = Some(new);
                item.position = Some(0);
            }
            TypeKind::Const(_) => {
                let item = self.push(path.clone(), Kind::Struct, String::new(), &def.source);
                item.facts.extend([Fact::NonExhaustive, Fact::Default]);
                let new = format!("{path}::new");
                self.member(new, Kind::Method, path.clone(), &def.source, &path);
            }
            TypeKind::Alias(target) => {
                let ty = self.spell(target);
                self.push(path, Kind::TypeAlias, ty, &def.source);
            }
        }
    }

    /// `ErrorBody` and its variants: the enum is always there, `#[non_exhaustive]`.
    fn error_body(&mut self) {
        let root = Pointer::root();
        self.push("ErrorBody".into(), Kind::Enum, String::new(), &root)
            .facts
            .push(Fact::NonExhaustive);
        let ir = self.ir;
        for variant in &ir.error_bodies {
            let ty = self.spell(&variant.ty);
            let pointer = match &variant.ty {
                TypeRef::Named(id) => ir.types[id.0].source.clone(),
                _ => root.clone(),
            };
            let member = format!("ErrorBody::{}", variant.name);
            self.member(member, Kind::Variant, ty, &pointer, "ErrorBody");
        }
        if let Some(field) = ir.types.iter().find_map(three_state_field) {
            self.push(
                "models::Nullable".into(),
                Kind::Enum,
                String::new(),
                &field.source,
            );
        }
    }

    fn member(&mut self, path: String, kind: Kind, ty: String, pointer: &Pointer, within: &str) {
        self.push(path, kind, ty, pointer).within = Some(within.to_owned());
    }

    /// The method, its arguments, its builder with its setters, the response type and the
    /// error statuses of one operation.
    fn operation(&mut self, op: &crate::ir::Operation, plan: &OperationPlan) {
        let method = format!("Client::{}", op.name);
        let builder = format!("operations::{}", op.builder);
        self.push(method.clone(), Kind::Method, builder.clone(), &op.source);
        let mut position = 0;
        let mut setters = Vec::new();
        for member in &plan.members {
            if member.required {
                let path = format!("{method}({})", member.name);
                let ty = member.taken.spelled(self.ir, Site::Caller).0;
                let item = self.push(path, Kind::Argument, ty, &member.source);
                item.within = Some(method.clone());
                item.position = Some(position);
                position += 1;
            } else {
                setters.push(member);
            }
        }
        self.push(builder.clone(), Kind::Struct, String::new(), &op.source);
        let last = self.items.len() - 1;
        self.items[last].facts.push(Fact::PrivateFields);
        self.items[last].within = Some(method.clone());
        for setter in setters {
            let path = format!("{builder}::{}", setter.name);
            let ty = setter.taken.spelled(self.ir, Site::Caller).0;
            self.member(path, Kind::Setter, ty, &setter.source, &builder);
        }
        let controls = [
            (
                &op.controls.extra_header,
                "(impl Into<String>, impl Into<String>)",
            ),
            (&op.controls.request_timeout, "std::time::Duration"),
        ];
        for (name, ty) in controls {
            let path = format!("{builder}::{name}");
            self.member(path, Kind::Setter, ty.into(), &op.source, &builder);
        }
        if let Some(paging) = &plan.paging {
            let (items, pages) = paging.spelled(self.ir, Site::Caller);
            for (name, ty) in [(&paging.items, items), (&paging.pages, pages)] {
                let path = format!("{builder}::{name}");
                self.member(path, Kind::Stream, ty, &op.source, &builder);
            }
        }
        let responses = op.source.join("responses");
        let output = plan.output.spelled(self.ir, Site::Caller);
        let path = format!("{builder}::Output");
        self.member(path, Kind::Response, output, &responses, &builder);
        for error in &op.responses.errors {
            let status = error.status.spec_key();
            let path = format!("{builder}::Error[{status}]");
            let ty = format!("ErrorBody::{}", error.variant);
            self.member(
                path,
                Kind::ErrorStatus,
                ty,
                &responses.join(&status),
                &builder,
            );
        }
        if let Success::Several { name, variants } = &op.responses.success {
            let path = format!("operations::{name}");
            self.member(path.clone(), Kind::Enum, String::new(), &responses, &method);
            for variant in variants {
                let ty = match &variant.body {
                    ResponseBody::Empty => String::new(),
                    body => self.spell(&body_type(body)),
                };
                let member = format!("{path}::{}", variant.name);
                let pointer = responses.join(variant.status.spec_key());
                self.member(member, Kind::Variant, ty, &pointer, &path);
            }
        }
    }
}

fn sends_multipart(op: &crate::ir::Operation) -> bool {
    op.body
        .as_ref()
        .is_some_and(|body| matches!(body.content, BodyContent::Multipart(_)))
}

/// A field of the type that is absent, `null` or a value (`Option<Nullable<T>>`): the first
/// such field brings `models::Nullable` into the crate.
fn three_state_field(def: &TypeDef) -> Option<&crate::ir::Field> {
    match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().find(
            |f| matches!(&f.ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Nullable(_))),
        ),
        _ => None,
    }
}
