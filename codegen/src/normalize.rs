//! Normalize: one schema node, in any OpenAPI 3.0 or 3.1 spelling, into one canonical [`Schema`].
//!
//! The spellings folded together here:
//! - nullability: 3.0 `nullable: true`, `x-nullable: true`, 3.1 `type: [X, 'null']`, a
//!   `{type: 'null'}` branch of `oneOf`/`anyOf`, and `null` among the `enum` values;
//! - `const: v` is `enum: [v]`;
//! - a missing `type` is inferred from `properties`, `items` or string `enum` values;
//! - `true` and `{}` are the unconstrained schema.
//!
//! Subschemas are not normalized here: they are referred to by pointer, and the resolve stage
//! normalizes each node it reaches exactly once.

use crate::fields::Fields;
use crate::hashing::IndexMap;
use serde_json::{Map, Value};

use crate::diagnostics::Diagnostic;
use crate::pointer::Pointer;

/// The JSON types a schema admits, `null` excepted (see [`Schema::nullable`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InstanceType {
    String,
    Number,
    Integer,
    Boolean,
    Array,
    Object,
}

/// What a schema says of properties it does not list.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum AdditionalProperties {
    /// Not said: allowed by JSON Schema, but not worth a field.
    #[default]
    Unspecified,
    Forbidden,
    /// `true` or `{}`: kept as JSON values.
    Any,
    Schema(Pointer),
}

/// The documentation a schema carries.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SchemaDocs {
    pub title: Option<String>,
    pub description: Option<String>,
    pub deprecated: bool,
    pub examples: Vec<Value>,
    pub default: Option<Value>,
}

/// An explicit `discriminator`.
#[derive(Clone, Debug, PartialEq)]
pub struct Discriminator {
    pub property_name: String,
    /// Tag value → the schema it selects.
    pub mapping: IndexMap<String, Pointer>,
}

/// A schema in canonical form. Subschemas are pointers to other nodes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Schema {
    pub pointer: Pointer,
    /// The `$ref` target; the other fields are the reference's sibling keywords.
    pub reference: Option<Pointer>,
    /// The schema has a `$ref` that leads nowhere (reported where it was found): it is typed
    /// by its other keywords alone.
    pub dangling: bool,
    /// Admitted types other than `null`, in spec order; empty admits any.
    pub types: Vec<InstanceType>,
    pub nullable: bool,
    pub format: Option<String>,
    /// 3.1's `contentMediaType` without `contentEncoding`: the string is raw bytes of that
    /// media type (a file, in a multipart body).
    pub binary_content: bool,
    /// The allowed values, `null` removed; `const` gives one value.
    pub enum_values: Option<Vec<Value>>,
    /// The value came from `const`: it is the only one allowed, now and later (an `enum` may
    /// grow).
    pub is_const: bool,
    pub properties: IndexMap<String, Pointer>,
    /// Targets of a non-standard `$ref` key inside `properties`, whose entries are merged in.
    pub merged_properties: Vec<Pointer>,
    /// `properties` held something that stands for unknown properties (a placeholder): keep
    /// whatever undeclared fields arrive.
    pub has_unknown_properties: bool,
    pub required: Vec<String>,
    pub items: Option<Pointer>,
    /// `items: false`: no items beyond `prefix_items`.
    pub no_more_items: bool,
    /// `prefixItems`: the schemas of the first items, in order (a tuple).
    pub prefix_items: Vec<Pointer>,
    pub additional_properties: AdditionalProperties,
    /// The schemas of `patternProperties`, whatever their patterns.
    pub pattern_properties: Vec<Pointer>,
    pub one_of: Vec<Pointer>,
    pub any_of: Vec<Pointer>,
    pub all_of: Vec<Pointer>,
    /// Boxed, as most schemas have none: the schema graph holds tens of thousands of schemas.
    pub discriminator: Option<Box<Discriminator>>,
    pub read_only: bool,
    pub write_only: bool,
    /// `None` when the schema has no docs; read it through [`Schema::docs`].
    pub docs: Option<Box<SchemaDocs>>,
}

impl Schema {
    /// The schema's docs, empty when it has none.
    pub fn docs(&self) -> &SchemaDocs {
        static NONE: SchemaDocs = SchemaDocs {
            title: None,
            description: None,
            deprecated: false,
            examples: Vec::new(),
            default: None,
        };
        self.docs.as_deref().unwrap_or(&NONE)
    }

    /// The pointers this schema refers to: its `$ref` target and its subschemas, in spec order.
    pub fn subschemas(&self) -> Vec<Pointer> {
        let mapped = self.discriminator.as_ref().map_or(0, |d| d.mapping.len());
        let mut out = Vec::with_capacity(
            usize::from(self.reference.is_some())
                + self.properties.len()
                + usize::from(self.items.is_some())
                + self.prefix_items.len()
                + usize::from(matches!(
                    self.additional_properties,
                    AdditionalProperties::Schema(_)
                ))
                + self.pattern_properties.len()
                + self.all_of.len()
                + self.one_of.len()
                + self.any_of.len()
                + mapped,
        );
        out.extend(self.reference.iter().cloned());
        out.extend(self.properties.values().cloned());
        out.extend(self.items.iter().cloned());
        out.extend(self.prefix_items.iter().cloned());
        if let AdditionalProperties::Schema(p) = &self.additional_properties {
            out.push(p.clone());
        }
        out.extend(self.pattern_properties.iter().cloned());
        for branches in [&self.all_of, &self.one_of, &self.any_of] {
            out.extend(branches.iter().cloned());
        }
        if let Some(discriminator) = &self.discriminator {
            out.extend(discriminator.mapping.values().cloned());
        }
        out
    }
}

/// Normalizes the node at `pointer`. Problems are warnings pushed onto `diagnostics`: a keyword
/// the generator cannot read is left out (an unusable `$ref` leaves the schema unconstrained,
/// typed as `serde_json::Value`).
pub fn normalize(node: &Value, pointer: &Pointer, diagnostics: &mut Vec<Diagnostic>) -> Schema {
    let mut schema = Schema {
        pointer: pointer.clone(),
        ..Schema::default()
    };
    let map = match node {
        Value::Object(map) => map,
        Value::Bool(true) => return schema,
        Value::Bool(false) => {
            diagnostics.push(Diagnostic::warning(
                pointer.clone(),
                "the schema `false` admits no value; typed as `serde_json::Value`",
            ));
            return schema;
        }
        other => {
            diagnostics.push(Diagnostic::warning(
                pointer.clone(),
                format!(
                    "expected a schema, found {} (a placeholder left by the spec's export?); \
                     typed as `serde_json::Value`",
                    describe(other)
                ),
            ));
            return schema;
        }
    };
    if let Some(target) = map.field("$ref") {
        match reference_target(target, &pointer.join("$ref")) {
            Ok(target) => schema.reference = Some(target),
            Err(unusable) => {
                diagnostics.push(unusable.with_consequence("typed by its other keywords"))
            }
        }
    }
    read_types(map, pointer, &mut schema, diagnostics);
    read_enum(map, &mut schema);
    read_object_keywords(map, pointer, &mut schema, diagnostics);
    read_composition(map, pointer, &mut schema, diagnostics);
    match map.field("items") {
        Some(Value::Bool(false)) => schema.no_more_items = true,
        Some(Value::Object(_) | Value::Bool(true)) => schema.items = Some(pointer.join("items")),
        Some(_) => diagnostics.push(Diagnostic::warning(
            pointer.join("items"),
            "`items` must be a schema; items are typed as `serde_json::Value`",
        )),
        None => {}
    }
    if let Some(Value::Array(prefix)) = map.field("prefixItems") {
        schema.prefix_items = (0..prefix.len())
            .map(|i| pointer.join("prefixItems").join(i.to_string()))
            .collect();
    }
    if let Some(Value::Object(patterns)) = map.field("patternProperties") {
        schema.pattern_properties = patterns
            .keys()
            .map(|pattern| pointer.join("patternProperties").join(pattern.as_str()))
            .collect();
    }
    schema.format = map
        .field("format")
        .and_then(Value::as_str)
        .map(str::to_owned);
    schema.binary_content =
        map.field("contentMediaType").is_some() && map.field("contentEncoding").is_none();
    schema.read_only = map.field("readOnly") == Some(&Value::Bool(true));
    schema.write_only = map.field("writeOnly") == Some(&Value::Bool(true));
    schema.docs = read_docs(map);
    infer_type(&mut schema);
    schema
}

fn describe(value: &Value) -> String {
    match value {
        Value::String(s) => format!("the string `{s}`"),
        Value::Null => "`null`".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        other => format!("`{other}`"),
    }
}

/// Why a file reference cannot be followed when bundling left it as it is: the bundler's walk
/// did not reach a member that lowering reads, which is a defect of the generator (every file
/// reference the walk reaches is rewritten, a missing file to the reason it is missing).
pub const UNBUNDLED_FILE_REFERENCE: &str =
    "it names a file, but the files were not searched for references here";

/// A `$ref` value as a pointer into this document; a value that is not one is a warning at `at`
/// (to be completed with what the generator does instead, [`Diagnostic::with_consequence`]).
pub fn reference_target(target: &Value, at: &Pointer) -> Result<Pointer, Diagnostic> {
    let Some(text) = target.as_str() else {
        return Err(Diagnostic::warning(
            at.clone(),
            format!("`$ref` must be a string, found {}", describe(target)),
        ));
    };
    if let Some(fragment) = text.strip_prefix('#') {
        return Pointer::parse_fragment(fragment).map_err(|e| Diagnostic::warning(at.clone(), e));
    }
    let what = if text.starts_with("http://") || text.starts_with("https://") {
        "remote references are not fetched: the generator works offline"
    } else if crate::bundle::is_file_reference(text) {
        UNBUNDLED_FILE_REFERENCE
    } else {
        "it names neither a node of this document nor a file"
    };
    Err(Diagnostic::warning(
        at.clone(),
        format!("cannot follow `$ref: {text}`: {what}"),
    ))
}

fn read_types(
    map: &Map<String, Value>,
    pointer: &Pointer,
    schema: &mut Schema,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let names: Vec<&Value> = match map.field("type") {
        Some(Value::Array(names)) => names.iter().collect(),
        Some(name) => vec![name],
        None => Vec::new(),
    };
    for name in names {
        let ty = match name.as_str() {
            Some("null") => {
                schema.nullable = true;
                continue;
            }
            Some("string") => InstanceType::String,
            Some("number") => InstanceType::Number,
            Some("integer") => InstanceType::Integer,
            Some("boolean") => InstanceType::Boolean,
            Some("array") => InstanceType::Array,
            Some("object") => InstanceType::Object,
            _ => {
                diagnostics.push(Diagnostic::warning(
                    pointer.join("type"),
                    format!("unknown type {name}; ignored"),
                ));
                continue;
            }
        };
        if !schema.types.contains(&ty) {
            schema.types.push(ty);
        }
    }
    for key in ["nullable", "x-nullable"] {
        if map.field(key) == Some(&Value::Bool(true)) {
            schema.nullable = true;
        }
    }
}

fn read_enum(map: &Map<String, Value>, schema: &mut Schema) {
    let values = match (map.field("const"), map.field("enum")) {
        (Some(value), _) => {
            schema.is_const = !value.is_null();
            vec![value.clone()]
        }
        (None, Some(Value::Array(values))) => values.clone(),
        _ => return,
    };
    let (nulls, values): (Vec<_>, Vec<_>) = values.into_iter().partition(Value::is_null);
    if !nulls.is_empty() {
        schema.nullable = true;
    }
    schema.enum_values = Some(values);
}

fn read_object_keywords(
    map: &Map<String, Value>,
    pointer: &Pointer,
    schema: &mut Schema,
    diagnostics: &mut Vec<Diagnostic>,
) {
    if let Some(Value::Object(properties)) = map.field("properties") {
        let at = pointer.join("properties");
        schema.properties.reserve(properties.len());
        for (name, node) in properties {
            if name == "$ref" {
                read_property_merge(node, &at.join("$ref"), schema, diagnostics);
            } else {
                schema
                    .properties
                    .insert(name.clone(), at.join(name.as_str()));
            }
        }
    }
    if let Some(Value::Array(required)) = map.field("required") {
        schema.required = required
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_owned)
            .collect();
    }
    schema.additional_properties = match map.field("additionalProperties") {
        None => AdditionalProperties::Unspecified,
        Some(Value::Bool(false)) => AdditionalProperties::Forbidden,
        Some(Value::Bool(true)) => AdditionalProperties::Any,
        Some(Value::Object(m)) if m.is_empty() => AdditionalProperties::Any,
        Some(_) => AdditionalProperties::Schema(pointer.join("additionalProperties")),
    };
}

/// A `$ref` key inside `properties` is json-schema-ref-parser's extension: "merge the properties
/// found there". Anything that is not a reference stands for properties we cannot know.
fn read_property_merge(
    node: &Value,
    at: &Pointer,
    schema: &mut Schema,
    diagnostics: &mut Vec<Diagnostic>,
) {
    match node.as_str() {
        // A file reference is one here only when bundling left it as it is: a warning that
        // says so.
        Some(text) if text.starts_with('#') || crate::bundle::is_file_reference(text) => {
            match reference_target(node, at) {
                Ok(target) => schema.merged_properties.push(target),
                Err(unusable) => {
                    diagnostics.push(unusable.with_consequence("no properties are merged from it"));
                }
            }
        }
        _ => {
            schema.has_unknown_properties = true;
            diagnostics.push(Diagnostic::warning(
                at.clone(),
                format!(
                    "a `$ref` key inside `properties` should name properties to merge in, \
                     found {} (a placeholder left by the spec's export?); undeclared fields are \
                     kept as `serde_json::Value`s",
                    describe(node)
                ),
            ));
        }
    }
}

fn read_composition(
    map: &Map<String, Value>,
    pointer: &Pointer,
    schema: &mut Schema,
    diagnostics: &mut Vec<Diagnostic>,
) {
    for (key, slot) in [
        ("oneOf", &mut schema.one_of),
        ("anyOf", &mut schema.any_of),
        ("allOf", &mut schema.all_of),
    ] {
        let Some(branches) = map.field(key) else {
            continue;
        };
        let Value::Array(branches) = branches else {
            diagnostics.push(Diagnostic::warning(
                pointer.join(key),
                format!("`{key}` must be a list of schemas; ignored"),
            ));
            continue;
        };
        for (index, branch) in branches.iter().enumerate() {
            if key != "allOf" && is_null_schema(branch) {
                schema.nullable = true;
            } else {
                slot.push(pointer.join(key).join(index.to_string()));
            }
        }
    }
    if let Some(Value::Object(discriminator)) = map.field("discriminator") {
        let at = pointer.join("discriminator");
        let Some(property_name) = discriminator.field("propertyName").and_then(Value::as_str)
        else {
            diagnostics.push(Diagnostic::warning(
                at,
                "a discriminator needs a `propertyName`; ignored",
            ));
            return;
        };
        let mut mapping = IndexMap::default();
        if let Some(Value::Object(entries)) = discriminator.field("mapping") {
            for (value, target) in entries {
                let target_at = at.join("mapping").join(value.as_str());
                let target = match target.as_str() {
                    // A bare name means a component schema.
                    Some(name) if !name.starts_with('#') && !name.contains('/') => Pointer::root()
                        .join("components")
                        .join("schemas")
                        .join(name),
                    _ => match reference_target(target, &target_at) {
                        Ok(target) => target,
                        Err(unusable) => {
                            diagnostics.push(unusable.with_consequence(
                                "this value is left out of the mapping, and the union's tags are inferred",
                            ));
                            continue;
                        }
                    },
                };
                mapping.insert(value.clone(), target);
            }
        }
        schema.discriminator = Some(Box::new(Discriminator {
            property_name: property_name.to_owned(),
            mapping,
        }));
    }
}

/// `{type: 'null'}`, `{type: ['null']}`, `{enum: [null]}` or `{const: null}`.
fn is_null_schema(node: &Value) -> bool {
    let Value::Object(map) = node else {
        return false;
    };
    match (map.field("type"), map.field("enum"), map.field("const")) {
        (Some(Value::String(t)), _, _) => t == "null",
        (Some(Value::Array(ts)), _, _) => ts.iter().all(|t| t == "null"),
        (None, Some(Value::Array(values)), _) => values.iter().all(Value::is_null),
        (None, None, Some(Value::Null)) => true,
        _ => false,
    }
}

fn read_docs(map: &Map<String, Value>) -> Option<Box<SchemaDocs>> {
    let text = |key: &str| {
        map.field(key)
            .and_then(Value::as_str)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let mut examples = Vec::new();
    if let Some(example) = map.field("example") {
        examples.push(example.clone());
    }
    if let Some(Value::Array(more)) = map.field("examples") {
        examples.extend(more.iter().cloned());
    }
    let docs = SchemaDocs {
        title: text("title"),
        description: text("description"),
        deprecated: map.field("deprecated") == Some(&Value::Bool(true)),
        examples,
        default: map.field("default").cloned(),
    };
    let empty = docs.title.is_none()
        && docs.description.is_none()
        && !docs.deprecated
        && docs.examples.is_empty()
        && docs.default.is_none();
    (!empty).then(|| Box::new(docs))
}

fn infer_type(schema: &mut Schema) {
    if !schema.types.is_empty() || schema.reference.is_some() {
        return;
    }
    let has_object_keywords = !schema.properties.is_empty()
        || !schema.pattern_properties.is_empty()
        || !schema.merged_properties.is_empty()
        || schema.has_unknown_properties
        || !matches!(
            schema.additional_properties,
            AdditionalProperties::Unspecified
        );
    if has_object_keywords {
        schema.types.push(InstanceType::Object);
    } else if schema.items.is_some() || !schema.prefix_items.is_empty() {
        schema.types.push(InstanceType::Array);
    } else if let Some(values) = &schema.enum_values {
        if !values.is_empty() && values.iter().all(Value::is_string) {
            schema.types.push(InstanceType::String);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn norm(node: Value) -> (Schema, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let schema = normalize(&node, &Pointer::root().join("s"), &mut diagnostics);
        (schema, diagnostics)
    }

    #[test]
    fn all_null_spellings_agree() {
        let spellings = [
            json!({"type": "string", "nullable": true}),
            json!({"type": ["string", "null"]}),
            json!({"type": "string", "x-nullable": true}),
            json!({"anyOf": [{"type": "string"}, {"type": "null"}]}),
            json!({"type": "string", "enum": ["a", null]}),
        ];
        for node in spellings {
            let (schema, diagnostics) = norm(node.clone());
            assert!(schema.nullable, "{node}");
            assert!(diagnostics.is_empty(), "{node}");
        }
        let (schema, _) = norm(json!({"oneOf": [{"$ref": "#/x"}, {"type": "null"}]}));
        assert!(schema.nullable);
        assert_eq!(
            schema.one_of,
            [Pointer::root().join("s").join("oneOf").join("0")]
        );
    }

    #[test]
    fn const_is_a_one_value_enum() {
        let (schema, _) = norm(json!({"const": "url"}));
        assert_eq!(schema.enum_values, Some(vec![json!("url")]));
        assert!(schema.is_const);
        assert_eq!(schema.types, [InstanceType::String]);
    }

    #[test]
    fn infers_object_and_array() {
        assert_eq!(
            norm(json!({"properties": {"a": {}}})).0.types,
            [InstanceType::Object]
        );
        assert_eq!(norm(json!({"items": {}})).0.types, [InstanceType::Array]);
        assert!(norm(json!({})).0.types.is_empty());
    }

    #[test]
    fn placeholders_warn_with_their_pointer() {
        let (schema, diagnostics) = norm(json!("cc6bae30-42ae-4c8e-a72b-4dee2e2d012d"));
        assert!(schema.types.is_empty());
        assert_eq!(diagnostics.len(), 1);
        assert_eq!(diagnostics[0].pointer.to_string(), "#/s");
        assert!(diagnostics[0].message.contains("cc6bae30"));
    }

    #[test]
    fn ref_key_inside_properties_is_a_merge_or_a_placeholder() {
        let (schema, diagnostics) =
            norm(json!({"properties": {"$ref": "#/a/properties", "b": {}}}));
        assert_eq!(
            schema.merged_properties,
            [Pointer::parse_fragment("#/a/properties").unwrap()]
        );
        assert_eq!(schema.properties.keys().collect::<Vec<_>>(), ["b"]);
        assert!(diagnostics.is_empty());

        let (schema, diagnostics) = norm(json!({"properties": {"$ref": "97853d35"}}));
        assert!(schema.has_unknown_properties);
        assert_eq!(diagnostics[0].pointer.to_string(), "#/s/properties/$ref");
    }

    #[test]
    fn refs_keep_their_siblings() {
        let (schema, _) = norm(json!({"$ref": "#/components/schemas/a", "description": "d"}));
        assert_eq!(
            schema.reference.as_ref().unwrap().to_string(),
            "#/components/schemas/a"
        );
        assert_eq!(schema.docs().description.as_deref(), Some("d"));
    }

    #[test]
    fn unusable_refs_are_warnings_and_leave_the_schema_unconstrained() {
        for (node, says) in [
            (json!({"$ref": "https://example.com/s.yaml"}), "offline"),
            (json!({"$ref": 0}), "must be a string"),
            (json!({"$ref": "#components"}), "JSON pointer"),
        ] {
            let (schema, diagnostics) = norm(node);
            assert!(schema.reference.is_none());
            assert!(schema.types.is_empty());
            assert_eq!(diagnostics.len(), 1);
            let warning = &diagnostics[0];
            assert_eq!(warning.severity, crate::Severity::Warning);
            assert!(warning.message.contains(says), "{warning}");
            assert!(
                warning.message.contains("typed by its other keywords"),
                "{warning}"
            );
            assert_eq!(warning.pointer.to_string(), "#/s/$ref");
        }
    }

    #[test]
    fn unusable_discriminator_mappings_are_left_out() {
        let (schema, diagnostics) = norm(json!({
            "oneOf": [{"$ref": "#/a"}],
            "discriminator": {"propertyName": "k", "mapping": {"a": "#/a", "b": "http://x/y"}}
        }));
        let mapping = &schema.discriminator.unwrap().mapping;
        assert_eq!(mapping.keys().collect::<Vec<_>>(), ["a"]);
        assert!(diagnostics[0].message.contains("left out of the mapping"));
    }

    #[test]
    fn false_schema_warns() {
        let (_, diagnostics) = norm(json!(false));
        assert!(diagnostics[0].message.contains("`false`"));
    }
}
