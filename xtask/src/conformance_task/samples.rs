//! Values to send: for a schema of the spec's tree, the spec's own example where it gives one,
//! else the simplest value the schema admits (the first `enum` value, the bounds, the
//! required properties, a union's first branch, a string that matches the `pattern`).

use codegen::pointer::Pointer;
use regex_syntax::hir::{Class, Hir, HirKind};
use serde_json::{Map, Value, json};

/// A value to send and whether it is the spec's own example (so that a rejection of it is the
/// spec's defect, not the client's).
#[derive(Clone, Debug, PartialEq)]
pub struct Sample {
    pub value: Value,
    pub from_example: bool,
}

/// How deep a sample nests before optional structure is left out: recursive schemas end.
const MAX_DEPTH: usize = 12;

/// Follows `$ref`s (JSON pointers into the bundled tree) from `node`, at most a few levels.
pub fn deref<'a>(root: &'a Value, mut node: &'a Value) -> &'a Value {
    for _ in 0..32 {
        let Some(target) = node.get("$ref").and_then(Value::as_str) else {
            break;
        };
        match Pointer::parse_fragment(target)
            .ok()
            .and_then(|p| p.lookup(root))
        {
            Some(next) => node = next,
            None => break,
        }
    }
    node
}

/// The example of a parameter, media type or part object: `example`, or the first of
/// `examples` (a map of example objects, each `value`, possibly by `$ref`).
pub fn object_example(root: &Value, node: &Value) -> Option<Value> {
    if let Some(example) = node.get("example") {
        return Some(example.clone());
    }
    let examples = node.get("examples")?.as_object()?;
    examples
        .values()
        .find_map(|example| deref(root, example).get("value").cloned())
}

/// A value for `schema`: its example where it has one, else the simplest it admits.
#[cfg(test)]
pub fn sample(root: &Value, schema: &Value) -> Sample {
    sample_with(root, schema, true, false)
}

/// A value for `schema`: its example where it has one and `examples` is set, else made from
/// the schema alone; with `fill`, an object at
/// the top has all its properties, not only the required ones (a parameter's object is
/// written property by property, and an empty one would leave its path segment empty).
pub fn sample_with(root: &Value, schema: &Value, examples: bool, fill: bool) -> Sample {
    let mut sampler = Sampler {
        root,
        from_example: false,
        examples,
        fill,
    };
    let value = sampler.value(schema, 0);
    Sample {
        value,
        from_example: sampler.from_example,
    }
}

struct Sampler<'a> {
    root: &'a Value,
    from_example: bool,
    /// Whether the schemas' examples are taken.
    examples: bool,
    /// Whether an object at the top has all its properties.
    fill: bool,
}

impl<'a> Sampler<'a> {
    fn value(&mut self, schema: &'a Value, depth: usize) -> Value {
        let schema = deref(self.root, schema);
        if let Some(example) = schema_example(schema).filter(|_| self.examples) {
            self.from_example = true;
            return example;
        }
        self.simplest(schema, depth)
    }

    fn simplest(&mut self, schema: &'a Value, depth: usize) -> Value {
        let schema = deref(self.root, schema);
        let Some(object) = schema.as_object() else {
            // `true`, `{}`: anything; a string is the simplest JSON value every parser takes.
            return json!("example");
        };
        if let Some(value) = object.get("const") {
            return value.clone();
        }
        if let Some(values) = object.get("enum").and_then(Value::as_array) {
            if let Some(value) = values.iter().find(|v| !v.is_null()).or(values.first()) {
                return value.clone();
            }
        }
        if let Some(default) = object.get("default") {
            return default.clone();
        }
        if let Some(branches) = object.get("allOf").and_then(Value::as_array) {
            let mut merged = Value::Null;
            for branch in branches {
                merge(&mut merged, self.value(branch, depth + 1));
            }
            if has_own_shape(object) {
                merge(&mut merged, self.typed(object, depth));
            }
            return merged;
        }
        if let Some(branches) = object.get("oneOf").and_then(Value::as_array) {
            if let Some(value) = self.exclusive(object, branches, depth) {
                return value;
            }
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(branches) = object.get(key).and_then(Value::as_array) {
                let first = branches
                    .iter()
                    .find(|b| !is_null_schema(deref(self.root, b)))
                    .or(branches.first());
                if let Some(first) = first {
                    let mut value = self.value(first, depth + 1);
                    if has_own_shape(object) {
                        merge(&mut value, self.typed(object, depth));
                    }
                    return value;
                }
            }
        }
        self.typed(object, depth)
    }

    /// A value of the first branch of a `oneOf` that matches no other, trying each branch's
    /// simplest value, then each with all its properties; `None` when none does (the
    /// branches overlap, as `oneOf` branches without required properties do).
    fn exclusive(
        &mut self,
        schema: &'a Map<String, Value>,
        branches: &'a [Value],
        depth: usize,
    ) -> Option<Value> {
        let whole = Value::Object(schema.clone());
        for fill in [false, true] {
            for branch in branches {
                if is_null_schema(deref(self.root, branch)) {
                    continue;
                }
                let saved = (self.fill, self.from_example);
                self.fill = fill;
                let mut value = self.value(branch, if fill { 0 } else { depth + 1 });
                self.fill = saved.0;
                if has_own_shape(schema) {
                    merge(&mut value, self.typed(schema, depth));
                }
                if valid(self.root, &whole, &value) {
                    return Some(value);
                }
                self.from_example = saved.1;
            }
        }
        None
    }

    fn typed(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
        match schema_type(schema) {
            "object" => self.object(schema, depth),
            "array" => {
                let min = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
                let max = schema.get("maxItems").and_then(Value::as_u64);
                let count = if depth >= MAX_DEPTH || max == Some(0) {
                    min
                } else {
                    min.max(1)
                };
                if let Some(prefix) = schema.get("prefixItems").and_then(Value::as_array) {
                    return Value::Array(
                        prefix
                            .iter()
                            .map(|item| self.value(item, depth + 1))
                            .collect(),
                    );
                }
                let items = schema.get("items").unwrap_or(&Value::Bool(true));
                let unique = schema.get("uniqueItems").and_then(Value::as_bool) == Some(true);
                let count = if unique { count.min(1) } else { count };
                Value::Array(
                    (0..count.min(16))
                        .map(|_| self.value(items, depth + 1))
                        .collect(),
                )
            }
            "string" => Value::String(string(schema)),
            "integer" => integer(schema),
            "number" => number(schema),
            "boolean" => Value::Bool(true),
            "null" => Value::Null,
            _ => json!("example"),
        }
    }

    fn object(&mut self, schema: &'a Map<String, Value>, depth: usize) -> Value {
        let mut out = Map::new();
        let properties = schema.get("properties").and_then(Value::as_object);
        let required = schema.get("required").and_then(Value::as_array);
        for name in required.into_iter().flatten().filter_map(Value::as_str) {
            let property = properties
                .and_then(|p| p.get(name))
                .unwrap_or(&Value::Bool(true));
            if deref(self.root, property).get("readOnly") == Some(&Value::Bool(true)) {
                continue;
            }
            out.insert(name.to_owned(), self.value(property, depth + 1));
        }
        if self.fill && depth == 0 {
            for (name, property) in properties.into_iter().flatten() {
                let node = deref(self.root, property);
                if !out.contains_key(name) && node.get("readOnly") != Some(&Value::Bool(true)) {
                    out.insert(name.clone(), self.value(property, depth + 1));
                }
            }
        }
        let min = schema
            .get("minProperties")
            .and_then(Value::as_u64)
            .unwrap_or(0);
        if (out.len() as u64) < min {
            // Optional properties first, then made-up keys the extra properties' schema takes.
            for (name, property) in properties.into_iter().flatten() {
                if out.len() as u64 >= min {
                    break;
                }
                if !out.contains_key(name) {
                    out.insert(name.clone(), self.value(property, depth + 1));
                }
            }
            let extra = schema
                .get("additionalProperties")
                .filter(|v| v.is_object())
                .unwrap_or(&Value::Bool(true));
            let mut i = 0;
            while (out.len() as u64) < min && i < 16 {
                out.insert(format!("key{i}"), self.value(extra, depth + 1));
                i += 1;
            }
        }
        Value::Object(out)
    }
}

/// A schema's own example: 3.0's `example`, or the first of 3.1's `examples` array.
fn schema_example(schema: &Value) -> Option<Value> {
    if let Some(example) = schema.get("example") {
        return Some(example.clone());
    }
    schema.get("examples")?.as_array()?.first().cloned()
}

fn is_null_schema(schema: &Value) -> bool {
    schema.get("type").and_then(Value::as_str) == Some("null")
        || schema.get("enum").and_then(Value::as_array) == Some(&vec![Value::Null])
}

/// Whether a schema that composes others says something of its own about the value's shape.
fn has_own_shape(schema: &Map<String, Value>) -> bool {
    schema.contains_key("properties") || schema.contains_key("type")
}

/// The schema's type, the first that is not `null` of a list; inferred from the keywords
/// where it has none.
fn schema_type(schema: &Map<String, Value>) -> &str {
    match schema.get("type") {
        Some(Value::String(ty)) => ty,
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.contains_key("properties")
            || schema.contains_key("additionalProperties")
            || schema.contains_key("required") =>
        {
            "object"
        }
        _ if schema.contains_key("items") => "array",
        _ if schema.contains_key("format") || schema.contains_key("pattern") => "string",
        _ => "any",
    }
}

/// Merges `value` into `into`: objects key by key, anything else replaces.
fn merge(into: &mut Value, value: Value) {
    match (into, value) {
        (Value::Object(into), Value::Object(value)) => {
            for (key, value) in value {
                match into.get_mut(&key) {
                    Some(existing) => merge(existing, value),
                    None => {
                        into.insert(key, value);
                    }
                }
            }
        }
        (into @ Value::Null, value) => *into = value,
        (into, value) if !value.is_null() && !into.is_object() => *into = value,
        _ => {}
    }
}

fn string(schema: &Map<String, Value>) -> String {
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0) as usize;
    let max = schema
        .get("maxLength")
        .and_then(Value::as_u64)
        .map(|m| m as usize);
    if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
        if let Some(text) = matching(pattern, min) {
            return text;
        }
    }
    let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
    let mut text = match format {
        "date-time" => "2024-01-01T00:00:00Z",
        "date" => "2024-01-01",
        "time" => "00:00:00Z",
        "duration" => "P1D",
        "email" | "idn-email" => "user@example.com",
        "hostname" | "idn-hostname" => "example.com",
        "ipv4" => "127.0.0.1",
        "ipv6" => "::1",
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" => "https://example.com",
        "uri-template" => "https://example.com/{id}",
        "uuid" => "00000000-0000-4000-8000-000000000000",
        "byte" => "AAAA",
        "json-pointer" => "/a",
        "regex" => "a",
        "int32" | "int64" | "integer" => "1",
        "double" | "float" | "decimal" | "number" => "1.5",
        _ => "example",
    }
    .to_owned();
    if text.chars().count() < min {
        let pad = if format.is_empty() || format == "byte" {
            'A'
        } else {
            'a'
        };
        while text.chars().count() < min {
            text.push(pad);
        }
    }
    if let Some(max) = max {
        if text.chars().count() > max {
            text = text.chars().take(max.max(min)).collect();
        }
    }
    text
}

/// A string that `pattern` (an ECMA regex, searched for anywhere) matches, padded to `min`
/// characters where the pattern is not anchored at its end.
fn matching(pattern: &str, min: usize) -> Option<String> {
    let hir = regex_syntax::ParserBuilder::new()
        .unicode(true)
        .build()
        .parse(pattern)
        .ok()?;
    let mut out = String::new();
    write_matching(&hir, &mut out);
    let check = regex::Regex::new(pattern).ok()?;
    if !check.is_match(&out) {
        return None;
    }
    if out.chars().count() < min {
        let mut padded = out.clone();
        while padded.chars().count() < min {
            padded.push('a');
        }
        if check.is_match(&padded) {
            return Some(padded);
        }
    }
    Some(out)
}

fn write_matching(hir: &Hir, out: &mut String) {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => {}
        HirKind::Literal(literal) => out.push_str(&String::from_utf8_lossy(&literal.0)),
        HirKind::Class(Class::Unicode(class)) => {
            let ranges = class.ranges();
            // A letter or digit reads better than the first code point of the class.
            let pick = ranges
                .iter()
                .find_map(|r| (r.start()..=r.end()).find(|c| c.is_ascii_alphanumeric()))
                .or_else(|| ranges.first().map(|r| r.start()));
            out.extend(pick);
        }
        HirKind::Class(Class::Bytes(class)) => {
            if let Some(range) = class.ranges().first() {
                out.push(char::from(range.start()));
            }
        }
        HirKind::Repetition(repetition) => {
            for _ in 0..repetition.min.min(64) {
                write_matching(&repetition.sub, out);
            }
        }
        HirKind::Capture(capture) => write_matching(&capture.sub, out),
        HirKind::Concat(parts) => parts.iter().for_each(|part| write_matching(part, out)),
        HirKind::Alternation(branches) => {
            if let Some(first) = branches.first() {
                write_matching(first, out);
            }
        }
    }
}

fn integer(schema: &Map<String, Value>) -> Value {
    let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
    // 3.0 writes `exclusiveMinimum: true` beside `minimum`; 3.1 the bound itself.
    let exclusive_flag = |key: &str| schema.get(key).and_then(Value::as_bool) == Some(true);
    let mut low = bound("minimum").map(|m| {
        if exclusive_flag("exclusiveMinimum") {
            m.floor() + 1.0
        } else {
            m.ceil()
        }
    });
    if let Some(m) = bound("exclusiveMinimum") {
        low = Some(low.unwrap_or(f64::MIN).max(m.floor() + 1.0));
    }
    let mut high = bound("maximum").map(|m| {
        if exclusive_flag("exclusiveMaximum") {
            m.ceil() - 1.0
        } else {
            m.floor()
        }
    });
    if let Some(m) = bound("exclusiveMaximum") {
        high = Some(high.unwrap_or(f64::MAX).min(m.ceil() - 1.0));
    }
    let mut value = low.unwrap_or(1.0);
    if let Some(high) = high {
        if value > high {
            value = if low.is_some() {
                low.unwrap_or(high)
            } else {
                high
            };
        }
    }
    if let Some(step) = bound("multipleOf").filter(|s| *s >= 1.0) {
        value = (value / step).ceil() * step;
    }
    if value.abs() < 9.0e15 {
        json!(value as i64)
    } else {
        json!(value)
    }
}

fn number(schema: &Map<String, Value>) -> Value {
    let value = integer(schema);
    if schema.get("multipleOf").and_then(Value::as_f64).is_some() {
        return value;
    }
    let low = schema
        .get("minimum")
        .or(schema.get("exclusiveMinimum"))
        .and_then(Value::as_f64);
    match low {
        // A fractional bound that the integer rounding moved: the bound itself, or just above.
        Some(m) if m.fract() != 0.0 => {
            let exclusive = schema.get("exclusiveMinimum").is_some();
            json!(if exclusive {
                m + m.abs().max(1.0) * 1e-3
            } else {
                m
            })
        }
        _ => value,
    }
}

/// Whether `value` is valid against `schema`, for the keywords a sample is made from (types,
/// `enum`, `const`, required and declared properties, items, lengths, bounds, patterns, and
/// the compositions); a keyword it does not know passes.
pub fn valid(root: &Value, schema: &Value, value: &Value) -> bool {
    valid_at(root, schema, value, 0)
}

fn valid_at(root: &Value, schema: &Value, value: &Value, depth: usize) -> bool {
    let schema = deref(root, schema);
    let Some(schema) = schema.as_object() else {
        return schema != &Value::Bool(false);
    };
    if depth > 32 {
        return true;
    }
    let nullable = schema.get("nullable") == Some(&Value::Bool(true));
    if value.is_null() && nullable {
        return true;
    }
    let all = |key: &str| schema.get(key).and_then(Value::as_array);
    if let Some(branches) = all("allOf") {
        if !branches.iter().all(|b| valid_at(root, b, value, depth + 1)) {
            return false;
        }
    }
    if let Some(branches) = all("anyOf") {
        if !branches.iter().any(|b| valid_at(root, b, value, depth + 1)) {
            return false;
        }
    }
    if let Some(branches) = all("oneOf") {
        let matching = branches
            .iter()
            .filter(|b| valid_at(root, b, value, depth + 1))
            .count();
        if matching != 1 {
            return false;
        }
    }
    if let Some(values) = all("enum") {
        if !values.contains(value) {
            return false;
        }
    }
    if let Some(constant) = schema.get("const") {
        if constant != value {
            return false;
        }
    }
    let types: Vec<&str> = match schema.get("type") {
        Some(Value::String(ty)) => vec![ty.as_str()],
        Some(Value::Array(types)) => types.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let is = |ty: &str| match ty {
        "object" => value.is_object(),
        "array" => value.is_array(),
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.as_f64().is_some_and(|n| n.fract() == 0.0),
        "boolean" => value.is_boolean(),
        "null" => value.is_null(),
        _ => true,
    };
    if !types.is_empty() && !types.iter().any(|ty| is(ty)) {
        return false;
    }
    match value {
        Value::Object(object) => {
            let properties = schema.get("properties").and_then(Value::as_object);
            for name in all("required")
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
            {
                if !object.contains_key(name) {
                    return false;
                }
            }
            for (name, item) in object {
                match properties.and_then(|p| p.get(name)) {
                    Some(property) => {
                        if !valid_at(root, property, item, depth + 1) {
                            return false;
                        }
                    }
                    None => match schema.get("additionalProperties") {
                        Some(Value::Bool(false)) => return false,
                        Some(extra @ Value::Object(_))
                            if !valid_at(root, extra, item, depth + 1) =>
                        {
                            return false;
                        }
                        _ => {}
                    },
                }
            }
            true
        }
        Value::Array(items) => {
            let count = items.len() as u64;
            let at_least = schema.get("minItems").and_then(Value::as_u64).unwrap_or(0);
            let at_most = schema
                .get("maxItems")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let each = schema.get("items").filter(|i| i.is_object());
            (at_least..=at_most).contains(&count)
                && each.is_none_or(|each| items.iter().all(|i| valid_at(root, each, i, depth + 1)))
        }
        Value::String(text) => {
            let length = text.chars().count() as u64;
            let at_least = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
            let at_most = schema
                .get("maxLength")
                .and_then(Value::as_u64)
                .unwrap_or(u64::MAX);
            let pattern = schema.get("pattern").and_then(Value::as_str);
            (at_least..=at_most).contains(&length)
                && pattern.is_none_or(|p| regex::Regex::new(p).map_or(true, |r| r.is_match(text)))
        }
        Value::Number(number) => {
            let n = number.as_f64().unwrap_or(0.0);
            let bound = |key: &str| schema.get(key).and_then(Value::as_f64);
            bound("minimum").is_none_or(|m| n >= m) && bound("maximum").is_none_or(|m| n <= m)
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn simplest(schema: Value) -> Value {
        sample(&json!({}), &schema).value
    }

    #[test]
    fn examples_come_first_then_enums_then_the_type() {
        let root = json!({"components": {"schemas": {"A": {"type": "string", "example": "ex"}}}});
        let sampled = sample(&root, &json!({"$ref": "#/components/schemas/A"}));
        assert_eq!(sampled.value, json!("ex"));
        assert!(sampled.from_example);
        assert_eq!(
            simplest(json!({"type": "string", "enum": [null, "b"]})),
            json!("b")
        );
        assert_eq!(simplest(json!({"type": "boolean"})), json!(true));
        let plain = sample(&root, &json!({"type": "integer"}));
        assert!(!plain.from_example);
    }

    #[test]
    fn objects_have_their_required_properties_and_unions_their_first_branch() {
        let schema = json!({
            "type": "object",
            "required": ["id", "kind"],
            "properties": {
                "id": {"type": "integer", "minimum": 5},
                "kind": {"oneOf": [{"type": "null"}, {"type": "string", "format": "uuid"}]},
                "note": {"type": "string"}
            }
        });
        assert_eq!(
            simplest(schema),
            json!({"id": 5, "kind": "00000000-0000-4000-8000-000000000000"})
        );
        let composed = json!({"allOf": [
            {"type": "object", "required": ["a"], "properties": {"a": {"type": "string"}}},
            {"type": "object", "required": ["b"], "properties": {"b": {"type": "array", "items": {"type": "number"}, "minItems": 2}}}
        ]});
        assert_eq!(simplest(composed), json!({"a": "example", "b": [1, 1]}));
    }

    #[test]
    fn strings_meet_their_pattern_and_lengths_and_numbers_their_bounds() {
        let text = simplest(json!({"type": "string", "pattern": "^[A-Z]{3}-\\d{2,}$"}));
        assert_eq!(text, json!("AAA-00"));
        assert_eq!(
            simplest(json!({"type": "string", "minLength": 10})),
            json!("exampleAAA")
        );
        assert_eq!(
            simplest(json!({"type": "string", "maxLength": 3})),
            json!("exa")
        );
        assert_eq!(
            simplest(json!({"type": "integer", "maximum": -3})),
            json!(-3)
        );
        assert_eq!(
            simplest(json!({"type": "integer", "minimum": 0, "exclusiveMinimum": true})),
            json!(1)
        );
        assert_eq!(
            simplest(json!({"type": "number", "minimum": 0.5})),
            json!(0.5)
        );
        assert_eq!(
            simplest(json!({"type": "integer", "minimum": 3, "multipleOf": 5})),
            json!(5)
        );
    }
}
