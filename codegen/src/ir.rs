//! The intermediate representation: plain data describing the crate to emit. Lowering fills it
//! in; emission reads it and makes no decision of its own beyond spelling.

use crate::pointer::Pointer;

/// Everything the emitted crate contains.
#[derive(Clone, Debug, PartialEq)]
pub struct Ir {
    pub api: Api,
    pub types: Vec<TypeDef>,
    pub operations: Vec<Operation>,
    /// The spec's examples, each with the type it must decode into and write back unchanged.
    pub examples: Vec<ExampleCheck>,
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
    /// Why it is left out of the test (it does not fit the type), if it is.
    pub unfit: Option<String>,
}

/// Facts about the API as a whole.
#[derive(Clone, Debug, PartialEq)]
pub struct Api {
    pub title: String,
    pub version: String,
    pub description: Option<String>,
    /// The first server URL, with its variables at their defaults, if it is absolute.
    pub default_base_url: Option<String>,
    /// The spec declares an HTTP bearer scheme: the client takes a bearer token.
    pub bearer_auth: bool,
}

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
    pub docs: Docs,
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

/// One operation, as one method of the client.
#[derive(Clone, Debug, PartialEq)]
pub struct Operation {
    /// The client method's name.
    pub name: String,
    pub source: Pointer,
    pub method: Method,
    /// The path template, e.g. `/task/{taskId}`.
    pub path: String,
    pub path_params: Vec<PathParam>,
    /// The required JSON body, sent as the last argument.
    pub body: Option<RequestBody>,
    /// The type of the successful JSON response; `None` when it has no body.
    pub response: Option<TypeRef>,
    pub docs: Docs,
}

/// A JSON request body.
#[derive(Clone, Debug, PartialEq)]
pub struct RequestBody {
    /// The argument's name.
    pub name: String,
    pub ty: TypeRef,
}

#[derive(Clone, Debug, PartialEq)]
pub struct PathParam {
    /// The argument's name.
    pub name: String,
    /// The name in the path template.
    pub wire_name: String,
    /// A string is taken as `&str`; other types by value and formatted with `Display`.
    pub ty: TypeRef,
    pub docs: Docs,
}
