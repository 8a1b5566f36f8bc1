//! Members: the one table of which members of the spec's objects hold objects the generator
//! reads, and what each holds.
//!
//! The bundler searches exactly these members (and, inside schemas, the schema keywords) for
//! file references, and lowering reads the objects it reads only through them, so a reference
//! is followed wherever the generator reads what it names, whatever the member's key: a
//! response under `default` is a response, although `default` elsewhere (in a schema) is a
//! value that is never searched.
//!
//! Every part but a schema may be written as a `$ref` to another part of its kind (a schema's
//! own `$ref` is a schema keyword). Members that hold only data (`tags`, `security`,
//! `servers`), and objects the generator does not read at all (headers, links, examples,
//! encodings, vendor extensions), are not in the table: references in them are not followed,
//! and no warning can come from them.

use serde_json::{Map, Value};

use crate::fields::Fields;
use crate::ir::Method;

/// A kind of object of the spec that the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    /// The spec's root.
    Document,
    Components,
    PathItem,
    Operation,
    Parameter,
    RequestBody,
    Response,
    /// A map from runtime expressions to path items.
    Callback,
    MediaType,
    SecurityScheme,
    /// A schema: read by its own keywords, not by this table.
    Schema,
    /// A schema's `properties`: schemas by name, and under `$ref` another such map whose
    /// properties are merged in (as the resolver reads them).
    Properties,
}

/// How a member holds its objects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Holds {
    /// One object.
    One(Part),
    /// A list of objects.
    List(Part),
    /// A map of objects by name, beside `x-…` extensions that are not entries (`responses`).
    Map(Part),
    /// A map in which every key is a name (`schemas`, `content`).
    Names(Part),
}

/// Which keys of its owner a member is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Key {
    /// One key.
    Named(&'static str),
    /// Each HTTP method's key in a path item (`get`, … `trace`).
    Method,
    /// Every key but `$ref` and `x-…` extensions (the expressions of a callback).
    Any,
}

/// A member of a part that holds objects the generator reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// The document's `paths`.
    Paths,
    /// The document's `webhooks` (3.1).
    Webhooks,
    /// The document's `components`.
    Components,
    /// `components.schemas`.
    Schemas,
    /// `components.securitySchemes`.
    SecuritySchemes,
    /// A path item's operations, one per method.
    Operations,
    /// A path item's `parameters`.
    PathParameters,
    /// An operation's `parameters`.
    OperationParameters,
    /// An operation's `requestBody`.
    RequestBody,
    /// An operation's `responses`, by status (`default` among them).
    Responses,
    /// An operation's `callbacks`.
    Callbacks,
    /// A callback's path items, by runtime expression.
    Expressions,
    /// A parameter's `schema`.
    ParameterSchema,
    /// A parameter's `content`.
    ParameterContent,
    /// A request body's `content`.
    BodyContent,
    /// A response's `content`.
    ResponseContent,
    /// A media type's `schema`. Keep it last: [`Member::ALL`] ends with it.
    MediaSchema,
}

/// The keys of a path item's operations, in the order of [`Method::ALL`].
const METHOD_KEYS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

impl Member {
    /// Every member, in declaration order.
    pub const ALL: [Member; 17] = [
        Member::Paths,
        Member::Webhooks,
        Member::Components,
        Member::Schemas,
        Member::SecuritySchemes,
        Member::Operations,
        Member::PathParameters,
        Member::OperationParameters,
        Member::RequestBody,
        Member::Responses,
        Member::Callbacks,
        Member::Expressions,
        Member::ParameterSchema,
        Member::ParameterContent,
        Member::BodyContent,
        Member::ResponseContent,
        Member::MediaSchema,
    ];

    /// The part whose member this is.
    pub fn owner(self) -> Part {
        match self {
            Member::Paths | Member::Webhooks | Member::Components => Part::Document,
            Member::Schemas | Member::SecuritySchemes => Part::Components,
            Member::Operations | Member::PathParameters => Part::PathItem,
            Member::OperationParameters
            | Member::RequestBody
            | Member::Responses
            | Member::Callbacks => Part::Operation,
            Member::Expressions => Part::Callback,
            Member::ParameterSchema | Member::ParameterContent => Part::Parameter,
            Member::BodyContent => Part::RequestBody,
            Member::ResponseContent => Part::Response,
            Member::MediaSchema => Part::MediaType,
        }
    }

    /// The keys of the owner that hold the member.
    pub fn key(self) -> Key {
        Key::Named(match self {
            Member::Operations => return Key::Method,
            Member::Expressions => return Key::Any,
            Member::Paths => "paths",
            Member::Webhooks => "webhooks",
            Member::Components => "components",
            Member::Schemas => "schemas",
            Member::SecuritySchemes => "securitySchemes",
            Member::PathParameters | Member::OperationParameters => "parameters",
            Member::RequestBody => "requestBody",
            Member::Responses => "responses",
            Member::Callbacks => "callbacks",
            Member::ParameterSchema | Member::MediaSchema => "schema",
            Member::ParameterContent | Member::BodyContent | Member::ResponseContent => "content",
        })
    }

    /// What the member holds.
    pub fn holds(self) -> Holds {
        match self {
            Member::Paths | Member::Webhooks => Holds::Map(Part::PathItem),
            Member::Components => Holds::One(Part::Components),
            Member::Schemas => Holds::Names(Part::Schema),
            Member::SecuritySchemes => Holds::Names(Part::SecurityScheme),
            Member::Operations => Holds::One(Part::Operation),
            Member::PathParameters | Member::OperationParameters => Holds::List(Part::Parameter),
            Member::RequestBody => Holds::One(Part::RequestBody),
            Member::Responses => Holds::Map(Part::Response),
            Member::Callbacks => Holds::Map(Part::Callback),
            Member::Expressions => Holds::One(Part::PathItem),
            Member::ParameterSchema | Member::MediaSchema => Holds::One(Part::Schema),
            Member::ParameterContent | Member::BodyContent | Member::ResponseContent => {
                Holds::Names(Part::MediaType)
            }
        }
    }

    /// Whether `key` of an object of the owner is this member.
    pub fn has_key(self, key: &str) -> bool {
        match self.key() {
            Key::Named(name) => key == name,
            Key::Method => METHOD_KEYS.contains(&key),
            Key::Any => key != "$ref" && !key.starts_with("x-"),
        }
    }

    /// The member's value in `node`, an object of the owner; `None` for the members that are
    /// several keys (read them with [`operation`] and [`Member::entries`]).
    pub fn of(self, node: &Value) -> Option<&Value> {
        match self.key() {
            Key::Named(name) => node.field(name),
            Key::Method | Key::Any => None,
        }
    }

    /// The objects a map member holds in `node`, by name, in spec order: the member's entries
    /// but `x-…` extensions where the map may have them. For [`Member::Expressions`], `node`
    /// is the callback itself.
    pub fn entries(self, node: &Value) -> impl Iterator<Item = (&String, &Value)> + Clone {
        let map = match self.key() {
            Key::Any => node.as_object(),
            Key::Named(_) | Key::Method => self.of(node).and_then(Value::as_object),
        };
        let extensions = !matches!(self.holds(), Holds::Names(_));
        map.into_iter()
            .flat_map(Map::iter)
            .filter(move |(key, _)| self.has_key_entry(key, extensions))
    }

    fn has_key_entry(self, key: &str, extensions: bool) -> bool {
        match self.key() {
            Key::Any => self.has_key(key),
            Key::Named(_) | Key::Method => !(extensions && key.starts_with("x-")),
        }
    }

    /// The objects a list member holds in `node`.
    pub fn items(self, node: &Value) -> &[Value] {
        self.of(node)
            .and_then(Value::as_array)
            .map_or(&[], Vec::as_slice)
    }
}

/// The operation of `method` in a path item.
pub fn operation(path_item: &Value, method: Method) -> Option<&Value> {
    path_item.field(METHOD_KEYS[method_index(method)])
}

fn method_index(method: Method) -> usize {
    Method::ALL
        .iter()
        .position(|m| *m == method)
        .unwrap_or_default()
}

/// The members of `part`, in table order.
pub fn members(part: Part) -> impl Iterator<Item = Member> {
    Member::ALL
        .into_iter()
        .filter(move |member| member.owner() == part)
}

/// The member of `part` that `key` is, if it holds objects the generator reads.
pub fn member(part: Part, key: &str) -> Option<Member> {
    members(part).find(|member| member.has_key(key))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn all_lists_every_member_once_in_order() {
        for (i, member) in Member::ALL.iter().enumerate() {
            assert_eq!(*member as usize, i, "{member:?}");
        }
        assert_eq!(Member::ALL.len(), Member::MediaSchema as usize + 1);
    }

    #[test]
    fn method_keys_follow_the_methods() {
        for (key, method) in METHOD_KEYS.iter().zip(Method::ALL) {
            assert_eq!(*key, method.as_str().to_ascii_lowercase());
            assert_eq!(operation(&json!({*key: 1}), method), Some(&json!(1)));
        }
    }

    #[test]
    fn each_key_of_a_part_is_at_most_one_member() {
        for member in Member::ALL {
            let key = match member.key() {
                Key::Named(name) => name,
                Key::Method => "get",
                Key::Any => "{$request.body#/url}",
            };
            assert_eq!(super::member(member.owner(), key), Some(member));
        }
        assert_eq!(member(Part::Callback, "x-note"), None);
        assert_eq!(member(Part::Callback, "$ref"), None);
        assert_eq!(member(Part::Operation, "tags"), None);
    }

    #[test]
    fn entries_leave_out_extensions_where_maps_have_them() {
        let operation = json!({"responses": {"200": {}, "default": {}, "x-note": {}}});
        let keys: Vec<_> = Member::Responses
            .entries(&operation)
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["200", "default"]);
        let components = json!({"schemas": {"x-Named": {}, "A": {}}});
        let keys: Vec<_> = Member::Schemas
            .entries(&components)
            .map(|(k, _)| k.as_str())
            .collect();
        assert_eq!(keys, ["x-Named", "A"]);
        let callback = json!({"{$url}": {}, "x-note": {}, "$ref": "#/a"});
        assert_eq!(Member::Expressions.entries(&callback).count(), 1);
        assert_eq!(Member::Responses.entries(&json!({})).count(), 0);
    }
}
