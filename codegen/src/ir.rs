//! The intermediate representation: plain data describing the crate to emit. Lowering fills it
//! in; emission reads it and makes no decision of its own beyond spelling. It prints as compact
//! text (`print.rs`), which the fixtures' snapshots show.

mod print;

use crate::pointer::Pointer;

/// Everything the emitted crate contains.
#[derive(Clone, Debug, PartialEq)]
pub struct Ir {
    pub api: Api,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The modules the operations are grouped in, one per tag, in the order the operations
    /// first name them.
    pub groups: Vec<OperationGroup>,
    /// The types that operations declare for error responses.
    pub error_bodies: Vec<ErrorBodyVariant>,
    /// The spec's examples, each with the type it must decode into and write back unchanged.
    pub examples: Vec<ExampleCheck>,
    /// Requests the API sends to the user (webhooks and callbacks), whose payloads are models.
    pub webhooks: Vec<Webhook>,
}

impl Ir {
    /// Whether `ty` names a type the spec deprecates, however deep: code that writes it needs
    /// `#[allow(deprecated)]`.
    pub fn mentions_deprecated(&self, ty: &TypeRef) -> bool {
        ty.named().iter().any(|id| self.types[id.0].docs.deprecated)
    }

    /// Whether the code of `op` (its builder, arguments and decoding) names a deprecated type.
    pub fn operation_mentions_deprecated(&self, op: &Operation) -> bool {
        let mut mentions = false;
        op.for_each_ref(|ty| mentions = mentions || self.mentions_deprecated(ty));
        let errors = op.responses.errors.iter().any(|e| {
            self.error_bodies
                .iter()
                .any(|v| v.name == e.variant && self.mentions_deprecated(&v.ty))
        });
        mentions || errors
    }

    /// The scalars the crate holds anywhere: in its types, operations, error bodies and
    /// webhook payloads.
    pub fn scalars(&self) -> std::collections::BTreeSet<Scalar> {
        let mut scalars = std::collections::BTreeSet::new();
        let mut visit = |ty: &TypeRef| {
            ty.walk(|_| true, &mut |inner| {
                if let TypeRef::Scalar(scalar) = inner {
                    scalars.insert(*scalar);
                }
            });
        };
        for def in &self.types {
            def.kind.for_each_ref(|_, ty| visit(ty));
        }
        for op in &self.operations {
            op.for_each_ref(&mut visit);
        }
        self.error_bodies.iter().for_each(|v| visit(&v.ty));
        self.webhooks
            .iter()
            .filter_map(|w| w.payload.as_ref())
            .for_each(visit);
        scalars
    }
}

impl Operation {
    /// Calls `visit` with each type the operation's code holds: its parameters', its request
    /// body's and its success bodies' (its error bodies are the crate's `ErrorBody`).
    pub fn for_each_ref(&self, mut visit: impl FnMut(&TypeRef)) {
        self.params.iter().for_each(|p| visit(&p.ty));
        match self.body.as_ref().map(|b| &b.content) {
            Some(BodyContent::Json { ty, .. } | BodyContent::Form { ty, .. }) => visit(ty),
            Some(BodyContent::Multipart(parts)) => {
                for part in parts {
                    match &part.kind {
                        PartKind::Value(ty) => visit(ty),
                        PartKind::File | PartKind::Files => {}
                    }
                }
            }
            Some(BodyContent::Raw { .. }) | None => {}
        }
        let mut body = |body: &ResponseBody| match body {
            ResponseBody::Json(ty) => visit(ty),
            ResponseBody::Empty | ResponseBody::Text | ResponseBody::Bytes => {}
        };
        match &self.responses.success {
            Success::One(b) => body(b),
            Success::Several { variants, .. } => variants.iter().for_each(|v| body(&v.body)),
        }
    }
}

/// A request the API sends rather than receives: its payload's type is a model.
#[derive(Clone, Debug, PartialEq)]
pub struct Webhook {
    pub source: WebhookSource,
    pub method: Method,
    pub pointer: Pointer,
    /// The payload's type, if the request has a body with a schema.
    pub payload: Option<TypeRef>,
    pub docs: Docs,
}

/// Where a webhook is declared.
#[derive(Clone, Debug, PartialEq)]
pub enum WebhookSource {
    /// A 3.1 `webhooks` entry, by its name.
    Webhook { name: String },
    /// A `callbacks` entry of an operation: the operation's id (or method and path), the
    /// callback's name and its URL expression.
    Callback {
        operation: String,
        name: String,
        expression: String,
    },
}

/// One `example` of the spec, checked by a generated test.
#[derive(Clone, Debug, PartialEq)]
pub struct ExampleCheck {
    /// The type whose schema or property gives the example.
    pub owner: String,
    /// Where the example stands.
    pub source: Pointer,
    /// The type it must round-trip through.
    pub ty: TypeRef,
    /// The example, as compact JSON.
    pub json: String,
    pub outcome: ExampleOutcome,
}

/// Whether the generated crate checks an example.
#[derive(Clone, Debug, PartialEq)]
pub enum ExampleOutcome {
    /// Checked by the test of this name in the `example_tests` module.
    Tested(String),
    /// Left out: it does not fit its type, for this reason.
    Unfit(String),
    /// Left out: it fits a type that gives back every value it takes (strings, `f64`, `i64`,
    /// any JSON value, and lists or maps of them), so checking that it fits, done while
    /// generating, is checking its round trip.
    Certain,
}

impl ExampleCheck {
    /// The name of the test that checks the example, if one does.
    pub fn test(&self) -> Option<&str> {
        match &self.outcome {
            ExampleOutcome::Tested(name) => Some(name),
            _ => None,
        }
    }

    /// Why the example does not fit its type, if it does not.
    pub fn unfit(&self) -> Option<&str> {
        match &self.outcome {
            ExampleOutcome::Unfit(reason) => Some(reason),
            _ => None,
        }
    }
}

/// Facts about the API as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, with its variables at their defaults, if it is absolute.
    pub default_base_url: Option<String>,
    /// The first top-level server: where operations go unless they name their own.
    pub server: Option<Server>,
    /// The servers that paths and operations name instead (the first of each list), each once.
    pub operation_servers: Vec<Server>,
    /// The credentials the client takes, one builder setter each: those some operation's
    /// security requirements name.
    pub credentials: Vec<Credential>,
}

/// A server of the spec: a URL template and its variables.
#[derive(Clone, Debug, PartialEq)]
pub struct Server {
    /// The URL, with `{name}` for each variable; absolute or relative.
    pub url: String,
    pub variables: Vec<ServerVariable>,
    pub source: Pointer,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServerVariable {
    pub name: String,
    pub default: String,
    /// The values the spec allows (`enum`); empty when it allows any.
    pub allowed: Vec<String>,
}

/// A credential the client may send: set once on the builder, sent with each operation whose
/// security requirements name it.
#[derive(Clone, Debug, PartialEq)]
pub struct Credential {
    /// The builder setter's name (`bearer_token`, `basic_auth`, `api_key`, `api_key_<scheme>`).
    pub setter: String,
    /// Its variant in the client's private `Credential` enum.
    pub variant: String,
    pub kind: CredentialKind,
    /// The security schemes it serves, by their names in the spec.
    pub schemes: Vec<String>,
    /// The first of those schemes' declaration.
    pub source: Pointer,
}

#[derive(Clone, Debug, PartialEq)]
pub enum CredentialKind {
    /// `Authorization: Bearer <token>`: HTTP bearer, OAuth 2 and OpenID Connect schemes.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>`: HTTP basic.
    Basic,
    /// An `apiKey` scheme: the key sent as the header, query parameter or cookie `wire_name`.
    ApiKey {
        location: ParamLocation,
        wire_name: String,
    },
}

/// An operation's security: alternatives, each a set of [`Ir::api`]'s credentials (indices of
/// [`Api::credentials`]) sent together. The client sends the first non-empty alternative whose
/// credentials are all set; none when none is, or when there are no alternatives. An empty
/// alternative (`{}`: anonymous access) is thus what is left when no other is met.
pub type Security = Vec<Vec<usize>>;

/// An index into [`Ir::types`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TypeId(pub usize);

/// Documentation text for an item, taken from the spec.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Docs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    /// Example values, as compact JSON.
    pub examples: Vec<String>,
    /// The default value, as compact JSON.
    pub default: Option<String>,
    /// The values an `enum` allows where the type does not enforce them (numbers, mixed), as
    /// compact JSON.
    pub allowed_values: Vec<String>,
}

/// A named type of the `models` module.
#[derive(Clone, Debug, PartialEq)]
pub struct TypeDef {
    /// A valid Rust type name, unique in the crate.
    pub name: String,
    /// The schema it comes from.
    pub source: Pointer,
    pub docs: Docs,
    pub kind: TypeKind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum TypeKind {
    Struct(Struct),
    Enum(Enum),
    Union(Union),
    /// A recursive container that an alias cannot name (`struct C(Vec<C>)`), read and written as
    /// the value it wraps.
    Newtype(TypeRef),
    /// A `const`: exactly one JSON value (compact JSON text), accepted and written.
    Const(String),
    /// A component schema that is not an object, enum or union: a type alias, so that the spec's
    /// name exists in Rust too.
    Alias(TypeRef),
}

/// How a value is typed where it is used.
#[derive(Clone, Debug, PartialEq)]
pub enum TypeRef {
    /// Text, a boolean or a number: one Rust value ([`Scalar`]).
    Scalar(Scalar),
    /// Any JSON value.
    Value,
    /// A JSON object with no declared properties.
    JsonObject,
    Vec(Box<TypeRef>),
    /// A fixed-length JSON array (`prefixItems` with `items: false`).
    Tuple(Vec<TypeRef>),
    /// A JSON object whose values all have one type, keyed in sorted order.
    Map(Box<TypeRef>),
    Option(Box<TypeRef>),
    /// `null` or a value, for a property whose absence means something else (inside an
    /// `Option`: absent, `null`, or a value).
    Nullable(Box<TypeRef>),
    /// A heap allocation that breaks a cycle of types containing each other.
    Box(Box<TypeRef>),
    Named(TypeId),
}

/// A JSON value held as one Rust value. Everything the generator knows of a scalar is its row
/// in [`Scalar::facts`], one exhaustive `match`: adding a kind is a variant, its row, and the
/// `(type, format)` that gives it in `lower/scalars.rs`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Scalar {
    String,
    Bool,
    I8,
    I16,
    I32,
    I64,
    U8,
    U16,
    U32,
    U64,
    F32,
    F64,
    /// An exact decimal number written as a JSON string (`"12.50"`), `rust_decimal::Decimal`.
    Decimal,
}

/// What the generator knows of one [`Scalar`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScalarFacts {
    /// How its Rust type is written.
    pub rust: RustScalar,
    /// The JSON values it is read from.
    pub json: JsonScalar,
    /// Whether every JSON value it reads is written back as it was read (`i64`, `f64`,
    /// `String`), so an example of it needs no round-trip test; `i8` refuses `300`, `f32`
    /// rounds `118.211`.
    pub round_trips: bool,
    /// Whether a setter or constructor takes it as it is rather than through `Into`: numbers
    /// and booleans, so that an unsuffixed literal (`5_000_000_000`) infers its type.
    pub taken_as_is: bool,
    /// The line of the generated crate's manifest that adds the dependency it needs.
    pub dependency: Option<&'static str>,
}

/// How a scalar's Rust type is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RustScalar {
    /// A primitive type: `bool`, `i64`.
    Primitive(&'static str),
    /// `String`, which a module may shadow with a model of that name.
    String,
    /// A type of a dependency, by its path from the dependency's crate root.
    Path(&'static str),
}

/// The JSON values a scalar is read from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonScalar {
    /// Any string.
    Text,
    /// A string holding a decimal number (`"-12.50"`).
    DecimalText,
    Boolean,
    /// An integer that fits an `i64`.
    Signed,
    /// An integer that fits a `u64`.
    Unsigned,
    /// Any number.
    Number,
    /// A number an `f32` holds exactly.
    SingleNumber,
}

impl Scalar {
    /// This scalar's row: the one `match` over every scalar.
    pub const fn facts(self) -> ScalarFacts {
        const fn primitive(name: &'static str, json: JsonScalar, round_trips: bool) -> ScalarFacts {
            ScalarFacts {
                rust: RustScalar::Primitive(name),
                json,
                round_trips,
                taken_as_is: true,
                dependency: None,
            }
        }
        match self {
            Scalar::String => ScalarFacts {
                rust: RustScalar::String,
                json: JsonScalar::Text,
                round_trips: true,
                taken_as_is: false,
                dependency: None,
            },
            Scalar::Bool => primitive("bool", JsonScalar::Boolean, true),
            Scalar::I8 => primitive("i8", JsonScalar::Signed, false),
            Scalar::I16 => primitive("i16", JsonScalar::Signed, false),
            Scalar::I32 => primitive("i32", JsonScalar::Signed, false),
            Scalar::I64 => primitive("i64", JsonScalar::Signed, true),
            Scalar::U8 => primitive("u8", JsonScalar::Unsigned, false),
            Scalar::U16 => primitive("u16", JsonScalar::Unsigned, false),
            Scalar::U32 => primitive("u32", JsonScalar::Unsigned, false),
            Scalar::U64 => primitive("u64", JsonScalar::Unsigned, true),
            Scalar::F32 => primitive("f32", JsonScalar::SingleNumber, false),
            Scalar::F64 => primitive("f64", JsonScalar::Number, true),
            Scalar::Decimal => ScalarFacts {
                rust: RustScalar::Path("rust_decimal::Decimal"),
                json: JsonScalar::DecimalText,
                // `"+1.5"` is read, and written back `"1.5"`.
                round_trips: false,
                // `with_price(5)`: a `Decimal` is made from any integer.
                taken_as_is: false,
                dependency: Some(
                    r#"rust_decimal = { version = "1", default-features = false, features = ["serde", "std"] }"#,
                ),
            },
        }
    }

    /// Its name as the IR prints it: its Rust type's last segment (`i64`, `Decimal`).
    pub fn name(self) -> &'static str {
        match self.facts().rust {
            RustScalar::Primitive(name) => name,
            RustScalar::String => "String",
            RustScalar::Path(path) => path.rsplit("::").next().unwrap_or(path),
        }
    }
}

/// How a type holds a type inside it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holding {
    /// In place (`Option`, `Nullable`, a tuple's items): the outer value contains the inner.
    Inline,
    /// Behind a `Box`.
    Boxed,
    /// In a collection on the heap: `Vec`'s items, a map's values.
    Collection,
}

/// A type's children and how it holds them, for `&` or `&mut` access: `$one` makes a slice of
/// one item, `$inner` takes it out of its `Box`, `$all` makes a slice of a `Vec`.
macro_rules! children {
    ($ty:expr, $one:path, $inner:ident, $all:ident) => {
        match $ty {
            TypeRef::Option(inner) | TypeRef::Nullable(inner) => {
                (Holding::Inline, $one(inner.$inner()))
            }
            TypeRef::Tuple(items) => (Holding::Inline, items.$all()),
            TypeRef::Box(inner) => (Holding::Boxed, $one(inner.$inner())),
            TypeRef::Vec(inner) | TypeRef::Map(inner) => {
                (Holding::Collection, $one(inner.$inner()))
            }
            TypeRef::Scalar(_) | TypeRef::Value | TypeRef::JsonObject | TypeRef::Named(_) => {
                (Holding::Inline, Default::default())
            }
        }
    };
}

impl TypeRef {
    /// The types directly inside this one, and how it holds them.
    pub fn children(&self) -> (Holding, &[TypeRef]) {
        children!(self, std::slice::from_ref, as_ref, as_slice)
    }

    /// [`Self::children`], to change them.
    pub fn children_mut(&mut self) -> (Holding, &mut [TypeRef]) {
        children!(self, std::slice::from_mut, as_mut, as_mut_slice)
    }

    /// Calls `visit` with this type, then with each type inside it that is held in a way
    /// `through` accepts, outside in.
    pub fn walk(&self, through: fn(Holding) -> bool, visit: &mut impl FnMut(&TypeRef)) {
        visit(self);
        let (holding, children) = self.children();
        if through(holding) {
            for child in children {
                child.walk(through, visit);
            }
        }
    }

    /// [`Self::walk`], to change the types; each is visited before its children are.
    pub fn walk_mut(&mut self, through: fn(Holding) -> bool, visit: &mut impl FnMut(&mut TypeRef)) {
        visit(self);
        let (holding, children) = self.children_mut();
        if through(holding) {
            for child in children {
                child.walk_mut(through, visit);
            }
        }
    }

    /// The named types in this one, however held.
    pub fn named(&self) -> Vec<TypeId> {
        let mut out = Vec::new();
        self.walk(|_| true, &mut |ty| {
            if let TypeRef::Named(id) = ty {
                out.push(*id);
            }
        });
        out
    }
}

impl TypeKind {
    /// Calls `visit` with each type the kind refers to, and how a value of the kind holds it.
    pub fn for_each_ref(&self, mut visit: impl FnMut(Holding, &TypeRef)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &s.fields {
                    visit(Holding::Inline, &field.ty);
                }
                if let Some(additional) = &s.additional {
                    visit(Holding::Collection, &additional.value);
                }
            }
            TypeKind::Union(u) => {
                for variant in &u.variants {
                    visit(Holding::Inline, &variant.payload);
                }
            }
            TypeKind::Newtype(ty) | TypeKind::Alias(ty) => visit(Holding::Inline, ty),
            TypeKind::Enum(_) | TypeKind::Const(_) => {}
        }
    }

    /// [`Self::for_each_ref`], to change the types.
    pub fn for_each_ref_mut(&mut self, mut visit: impl FnMut(Holding, &mut TypeRef)) {
        match self {
            TypeKind::Struct(s) => {
                for field in &mut s.fields {
                    visit(Holding::Inline, &mut field.ty);
                }
                if let Some(additional) = &mut s.additional {
                    visit(Holding::Collection, &mut additional.value);
                }
            }
            TypeKind::Union(u) => {
                for variant in &mut u.variants {
                    visit(Holding::Inline, &mut variant.payload);
                }
            }
            TypeKind::Newtype(ty) | TypeKind::Alias(ty) => visit(Holding::Inline, ty),
            TypeKind::Enum(_) | TypeKind::Const(_) => {}
        }
    }
}

/// A JSON object with declared properties.
#[derive(Clone, Debug, PartialEq)]
pub struct Struct {
    pub fields: Vec<Field>,
    /// Undeclared properties kept on a round trip, in a flattened map of this value type.
    pub additional: Option<AdditionalField>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// A valid Rust field name, unique in its struct.
    pub name: String,
    /// The JSON property name.
    pub wire_name: String,
    /// The type including any `Option` (for optional or nullable properties).
    pub ty: TypeRef,
    /// The property is optional: it is left out of the JSON when `None`.
    pub optional: bool,
    /// The field is not a property but a union the object is also one of (`allOf` with a
    /// `oneOf` branch): its type reads and writes its properties beside the struct's own
    /// (`#[serde(flatten)]`). Its `wire_name` is empty.
    pub flatten: bool,
    pub docs: Docs,
    /// The property's declaration (for a flattened union, the union's schema).
    pub source: Pointer,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AdditionalField {
    pub name: String,
    pub value: TypeRef,
}

/// A string enum, open to values the spec does not list.
#[derive(Clone, Debug, PartialEq)]
pub struct Enum {
    pub variants: Vec<EnumVariant>,
    /// The variant holding any other string.
    pub other_variant: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct EnumVariant {
    pub name: String,
    pub value: String,
}

/// A `oneOf` or `anyOf` of several schemas.
#[derive(Clone, Debug, PartialEq)]
pub struct Union {
    pub tagging: Tagging,
    pub variants: Vec<UnionVariant>,
    /// For tagged unions: the variant that keeps any value whose tag the spec does not list.
    pub unknown_variant: Option<String>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Tagging {
    /// The property `tag` inside the object names the variant.
    Internal { tag: String },
    /// An object with a single property whose name names the variant.
    External,
    /// The first variant whose type fits the value.
    Untagged,
}

#[derive(Clone, Debug, PartialEq)]
pub struct UnionVariant {
    pub name: String,
    /// The tag value or property name; `None` for untagged variants.
    pub wire_name: Option<String>,
    pub payload: TypeRef,
    /// The branch it comes from.
    pub source: Pointer,
}

/// An HTTP method of an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Put,
    Post,
    Delete,
    Options,
    Head,
    Patch,
    Trace,
}

impl Method {
    /// Every method, in the order OpenAPI lists them in a path item.
    pub const ALL: [Method; 8] = [
        Method::Get,
        Method::Put,
        Method::Post,
        Method::Delete,
        Method::Options,
        Method::Head,
        Method::Patch,
        Method::Trace,
    ];

    /// The method's name in HTTP (`GET`); in lowercase, its key in a path item.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

/// A module of `operations`: the operations whose first tag is `tag`, or those without one.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationGroup {
    /// The module's name, e.g. `repos`; `untagged` for the operations without a tag.
    pub module: String,
    /// The spec's tag; none for the untagged operations.
    pub tag: Option<String>,
    /// The cargo feature that compiles the module (the module's name with `-` for `_`;
    /// `untagged` for the operations without a tag), one of the default features. Always
    /// given: a crate used with one tag's feature compiles nothing of the others (Microsoft
    /// Graph has 1,483 untagged operations). Kept optional for groups that are always
    /// compiled.
    pub feature: Option<String>,
    /// Where the tag is first named.
    pub source: Pointer,
}

/// One operation: a method of the client that returns a request builder.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The client method's name.
    pub name: String,
    /// The request builder's type name, in the `operations` module.
    pub builder: String,
    /// The name of the builder's private struct of arguments, in the `operations` module.
    pub arguments: String,
    /// Its module, an index of [`Ir::groups`].
    pub group: usize,
    pub source: Pointer,
    pub method: Method,
    /// The path template, e.g. `/task/{taskId}`.
    pub path: String,
    /// Path, query, header and cookie parameters: path-level ones overridden by the
    /// operation's, in spec order.
    pub params: Vec<Param>,
    pub body: Option<RequestBody>,
    pub responses: Responses,
    pub docs: Docs,
    /// Parts of the operation that the spec states but the client leaves out (a reference that
    /// leads nowhere), each a sentence naming where and why; said in the method's docs.
    pub omissions: Vec<String>,
    /// The `operationId`, or the method and path when it has none: the name traces give it.
    pub id: String,
    /// The credentials it sends.
    pub security: Security,
    /// The server it is sent to, an index of [`Api::operation_servers`]; `None` for the
    /// API's own.
    pub server: Option<usize>,
    /// The names of the per-request settings every builder has.
    pub controls: Controls,
    /// How its pages follow one another, if it is a list the client walks page by page.
    pub paging: Option<Paging>,
}

/// How a list operation's pages follow one another (`lower/paging.rs`): where the next page
/// is, and which part of each page's body holds its items.
#[derive(Clone, Debug, PartialEq)]
pub struct Paging {
    pub rule: PagingRule,
    /// The Rust field of the body that holds the items; `None` when the body is the array.
    pub items: Option<String>,
    /// An item's type.
    pub item: TypeRef,
    pub source: PagingSource,
}

/// Where the next page is, and when there is none. Field names are the Rust fields of the
/// page's body; parameters are query parameters by their name on the wire.
#[derive(Clone, Debug, PartialEq)]
pub enum PagingRule {
    /// The `rel="next"` URL of the response's `Link` header (RFC 8288), until there is none.
    LinkHeader,
    /// The same request with `param` set to a cursor, while the flag `has_more` is true.
    Cursor {
        has_more: String,
        param: String,
        cursor: PageCursor,
    },
    /// The same request with `param` set to the body's `token_field`, until it is absent or
    /// empty.
    Token { token_field: String, param: String },
    /// The URL in the body's `next_field`, until it is null or absent.
    NextLink { next_field: String },
}

/// Where a cursor rule's next cursor comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum PageCursor {
    /// This field (`id`) of the page's last item.
    LastItem(String),
    /// This JSON property (`id`) of the page's last item, read from the item written as JSON:
    /// an item that is one of several types (a union), each with the property.
    LastItemProperty(String),
    /// This field (`last_id`) of the page's body.
    BodyField(String),
}

/// Where a paging rule comes from.
#[derive(Clone, Debug, PartialEq)]
pub enum PagingSource {
    /// Recognized from the shape of the operation (its parameters and response).
    Inferred,
    /// Stated by the spec: `x-ms-pageable`, or our own `x-codegen-paging`, at this node.
    Extension(Pointer),
}

/// The names of a request builder's per-request settings: the setters and the field that
/// holds them, numbered where a parameter took the name.
#[derive(Clone, Debug, PartialEq)]
pub struct Controls {
    /// The setter adding a header (`extra_header`).
    pub extra_header: String,
    /// The setter bounding the request's time (`request_timeout`).
    pub request_timeout: String,
    /// The builder's field holding both.
    pub field: String,
}

/// Where a parameter goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamLocation {
    Path,
    Query,
    Header,
    Cookie,
}

impl ParamLocation {
    pub const ALL: [ParamLocation; 4] = [
        ParamLocation::Path,
        ParamLocation::Query,
        ParamLocation::Header,
        ParamLocation::Cookie,
    ];
}

/// How a parameter's value is written (OpenAPI `style`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ParamStyle {
    /// `a,b` (path and header).
    Simple,
    /// `.a.b` (path).
    Label,
    /// `;name=a` (path).
    Matrix,
    /// `name=a&name=b` (query and cookie).
    Form,
    SpaceDelimited,
    PipeDelimited,
    /// `name[field]=value` (query).
    DeepObject,
    /// JSON text: a parameter described by `content` rather than `schema` (query).
    Json,
}

impl ParamStyle {
    pub const ALL: [ParamStyle; 8] = [
        ParamStyle::Simple,
        ParamStyle::Label,
        ParamStyle::Matrix,
        ParamStyle::Form,
        ParamStyle::SpaceDelimited,
        ParamStyle::PipeDelimited,
        ParamStyle::DeepObject,
        ParamStyle::Json,
    ];
}

/// One parameter: a method argument when required, a builder setter otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct Param {
    /// The argument's or setter's name.
    pub name: String,
    /// The name on the wire.
    pub wire_name: String,
    pub location: ParamLocation,
    pub style: ParamStyle,
    pub explode: bool,
    pub required: bool,
    /// The value's type, without the `Option` of an optional parameter.
    pub ty: TypeRef,
    pub docs: Docs,
    /// The parameter's declaration (the operation's, for a path parameter the spec leaves
    /// undeclared).
    pub source: Pointer,
}

/// A request body, in the media type the client sends.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// The media type sent as `Content-Type`.
    pub media_type: String,
    pub required: bool,
    pub content: BodyContent,
}

#[derive(Clone, Debug, PartialEq)]
pub enum BodyContent {
    /// A value serialized as JSON, taken by reference as `name`.
    Json { name: String, ty: TypeRef },
    /// A value serialized as `application/x-www-form-urlencoded`, taken by reference as `name`.
    Form { name: String, ty: TypeRef },
    /// `multipart/form-data`: each property of the schema is a part, an argument when required
    /// and a setter otherwise.
    Multipart(Vec<FormPart>),
    /// Bytes or a stream, taken as `name`.
    Raw { name: String },
}

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct FormPart {
    pub name: String,
    pub wire_name: String,
    pub required: bool,
    pub kind: PartKind,
    pub docs: Docs,
}

#[derive(Clone, Debug, PartialEq)]
pub enum PartKind {
    /// A file (`format: binary`).
    File,
    /// Several files under one name.
    Files,
    /// A value sent as text: strings as they are, anything else as JSON.
    Value(TypeRef),
}

/// Which statuses a declared response covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum StatusMatch {
    Code(u16),
    /// `4XX`: the hundreds digit.
    Range(u16),
    Default,
}

impl StatusMatch {
    /// The key the spec writes it as under `responses`: `404`, `4XX`, `default`.
    pub fn spec_key(self) -> String {
        match self {
            StatusMatch::Code(code) => code.to_string(),
            StatusMatch::Range(digit) => format!("{digit}XX"),
            StatusMatch::Default => "default".to_owned(),
        }
    }
}

/// How a response body is read.
#[derive(Clone, Debug, PartialEq)]
pub enum ResponseBody {
    /// No body, or one the spec gives no schema for: `()`.
    Empty,
    Json(TypeRef),
    /// A `text/*` body, as `String`.
    Text,
    /// Any other media type, as `Vec<u8>`.
    Bytes,
}

/// The responses an operation declares, as the client reads them.
#[derive(Clone, Debug, PartialEq)]
pub struct Responses {
    pub success: Success,
    /// Declared non-2xx responses with a JSON body, most specific status first.
    pub errors: Vec<ErrorResponse>,
    /// Every declared non-2xx response, most specific status first, with or without a body:
    /// what the method's docs list under `# Errors`.
    pub declared_errors: Vec<DeclaredError>,
    /// The header names the 2xx responses declare, as the spec writes them, each once.
    pub success_headers: Vec<String>,
    /// The `Accept` header the request sends, listing the media types the client reads, when
    /// some response offers a choice of them (`application/xml` or `application/json`): a
    /// server picks the first it declares otherwise.
    pub accept: Option<String>,
}

/// A declared error response, as the docs describe it.
#[derive(Clone, Debug, PartialEq)]
pub struct DeclaredError {
    pub status: StatusMatch,
    /// The first line of the response's description.
    pub summary: Option<String>,
    /// The variant of [`Ir::error_bodies`] its body is decoded into, if it has a JSON body.
    pub variant: Option<String>,
}

/// What a successful call returns.
#[derive(Clone, Debug, PartialEq)]
pub enum Success {
    /// Every 2xx status has this body.
    One(ResponseBody),
    /// Statuses with different bodies: an enum of the `operations` module, one variant per
    /// declared status, most specific first.
    Several {
        name: String,
        variants: Vec<SuccessVariant>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct SuccessVariant {
    pub name: String,
    pub status: StatusMatch,
    pub body: ResponseBody,
    pub docs: Docs,
}

/// A declared error response whose body is decoded into a variant of `ErrorBody`.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorResponse {
    pub status: StatusMatch,
    /// The variant of [`Ir::error_bodies`].
    pub variant: String,
}

/// One variant of the crate's `ErrorBody` enum: a type some operation declares for an error.
#[derive(Clone, Debug, PartialEq)]
pub struct ErrorBodyVariant {
    pub name: String,
    pub ty: TypeRef,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn walks_stop_where_asked() {
        let named = |i| TypeRef::Named(TypeId(i));
        let ty = TypeRef::Option(Box::new(TypeRef::Tuple(vec![
            named(0),
            TypeRef::Vec(Box::new(named(1))),
            TypeRef::Box(Box::new(named(2))),
        ])));
        assert_eq!(ty.named(), [TypeId(0), TypeId(1), TypeId(2)]);
        let mut inline = Vec::new();
        ty.walk(|holding| holding == Holding::Inline, &mut |ty| {
            if let TypeRef::Named(id) = ty {
                inline.push(*id);
            }
        });
        assert_eq!(inline, [TypeId(0)]);
    }
}
