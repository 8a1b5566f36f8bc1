//! Examples: each `example` the spec gives for a type or a property, paired with the Rust type
//! it must round-trip through, for the generated crate's example tests.
//!
//! An example that cannot round-trip by the spec's own rules (a number where the schema says
//! string, a property the object does not declare) is the spec's mistake, not the generated
//! code's: it is kept with the reason and left out of the tests.

use serde_json::Value;

use crate::ir::{ExampleCheck, ExampleOutcome, JsonScalar, Tagging, TypeDef, TypeKind, TypeRef};
use crate::naming::{Scope, value_name};
use crate::pointer::Pointer;

/// The functions of the generated `example_tests` module besides its tests.
const HELPERS: &[&str] = &["round_trip", "same_json"];

/// The examples of every type and field, in type order, each fitting one tested by a test
/// named after its type.
pub(crate) fn collect(types: &[TypeDef]) -> Vec<ExampleCheck> {
    let mut checks = Vec::new();
    for (index, def) in types.iter().enumerate() {
        let own = TypeRef::Named(crate::ir::TypeId(index));
        add(
            &mut checks,
            types,
            def,
            &def.source,
            &own,
            &def.docs.examples,
        );
        if let TypeKind::Struct(s) = &def.kind {
            for field in &s.fields {
                let at = def.source.join("properties").join(field.wire_name.as_str());
                let ty = match &field.ty {
                    TypeRef::Option(inner) if field.optional => inner.as_ref(),
                    ty => ty,
                };
                add(&mut checks, types, def, &at, ty, &field.docs.examples);
            }
        }
    }
    name_tests(&mut checks);
    checks
}

/// Names the test of each type's fitting examples (a type's examples are collected together).
fn name_tests(checks: &mut [ExampleCheck]) {
    let mut names = Scope::with_reserved(HELPERS);
    let mut current: Option<(String, String)> = None;
    for check in checks.iter_mut() {
        if !matches!(check.outcome, ExampleOutcome::Tested(_)) {
            continue;
        }
        let name = match &current {
            Some((owner, name)) if *owner == check.owner => name.clone(),
            _ => {
                let name = names.claim(value_name(&check.owner));
                current = Some((check.owner.clone(), name.clone()));
                name
            }
        };
        check.outcome = ExampleOutcome::Tested(name);
    }
}

fn add(
    checks: &mut Vec<ExampleCheck>,
    types: &[TypeDef],
    owner: &TypeDef,
    at: &Pointer,
    ty: &TypeRef,
    examples: &[String],
) {
    for json in examples {
        let fit = match serde_json::from_str::<Value>(json) {
            Ok(value) => fits(types, ty, &value, 0),
            Err(e) => Err(e.to_string()),
        };
        checks.push(ExampleCheck {
            owner: owner.name.clone(),
            source: at.clone(),
            ty: ty.clone(),
            json: json.clone(),
            outcome: match fit {
                Ok(()) if round_trips_whatever_fits(types, ty, 0) => ExampleOutcome::Certain,
                // Named once every example is collected.
                Ok(()) => ExampleOutcome::Tested(String::new()),
                Err(reason) => ExampleOutcome::Unfit(reason),
            },
        });
    }
}

/// How deep an example is checked; deeper parts are assumed to fit.
const MAX_DEPTH: usize = 64;

/// Whether `value` decodes into `ty` and encodes back to the same JSON.
fn fits(types: &[TypeDef], ty: &TypeRef, value: &Value, depth: usize) -> Result<(), String> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    let next = depth + 1;
    let wrong = || Err(format!("`{value}` is not a {}", describe(types, ty)));
    match (ty, value) {
        (TypeRef::Value, _) => Ok(()),
        (TypeRef::Option(inner) | TypeRef::Box(inner) | TypeRef::Nullable(inner), value) => {
            match (ty, value) {
                (TypeRef::Option(_) | TypeRef::Nullable(_), Value::Null) => Ok(()),
                _ => fits(types, inner, value, next),
            }
        }
        (TypeRef::Scalar(scalar), value) => match (scalar.facts().json, value) {
            (JsonScalar::Text, Value::String(_))
            | (JsonScalar::Boolean, Value::Bool(_))
            | (JsonScalar::Number, Value::Number(_)) => Ok(()),
            (JsonScalar::DecimalText, Value::String(text)) if is_decimal(text) => Ok(()),
            // An `f32` writes back its own nearest value: `118.211` comes back
            // `118.21099853515625`.
            (JsonScalar::SingleNumber, Value::Number(n)) => match n.as_f64() {
                Some(wide) if f64::from(wide as f32) == wide => Ok(()),
                _ => Err(format!(
                    "`{value}` has no exact `f32` form, so it is not written back as it was read"
                )),
            },
            (JsonScalar::Signed, Value::Number(n)) if n.is_i64() => Ok(()),
            (JsonScalar::Unsigned, Value::Number(n)) if n.is_u64() => Ok(()),
            _ => wrong(),
        },
        (TypeRef::Vec(item), Value::Array(items)) => {
            items.iter().try_for_each(|v| fits(types, item, v, next))
        }
        (TypeRef::Tuple(items), Value::Array(values)) if items.len() == values.len() => items
            .iter()
            .zip(values)
            .try_for_each(|(t, v)| fits(types, t, v, next)),
        (TypeRef::JsonObject, Value::Object(_)) => Ok(()),
        (TypeRef::Map(inner), Value::Object(map)) => {
            map.values().try_for_each(|v| fits(types, inner, v, next))
        }
        (TypeRef::Named(id), value) => fits_named(types, &types[id.0], value, next),
        _ => wrong(),
    }
}

fn fits_named(types: &[TypeDef], def: &TypeDef, value: &Value, depth: usize) -> Result<(), String> {
    match (&def.kind, value) {
        (TypeKind::Alias(inner) | TypeKind::Newtype(inner), value) => {
            fits(types, inner, value, depth)
        }
        (TypeKind::Enum(_), Value::String(_)) => Ok(()),
        (TypeKind::Const(json), value) => match serde_json::from_str::<Value>(json) {
            Ok(expected) if &expected == value => Ok(()),
            _ => Err(format!("`{value}` is not the constant `{json}`")),
        },
        (TypeKind::Struct(s), Value::Object(_)) if s.fields.iter().any(|f| f.flatten) => {
            Err("the object is also a union, whose fit is not checked here".to_owned())
        }
        (TypeKind::Struct(s), Value::Object(map)) => {
            for field in s.fields.iter().filter(|f| !f.optional) {
                if !map.contains_key(&field.wire_name) {
                    return Err(format!(
                        "required property `{}` is missing",
                        field.wire_name
                    ));
                }
            }
            for (key, v) in map {
                match s.fields.iter().find(|f| &f.wire_name == key) {
                    // An optional `null` reads as `None`, which is left out when written, unless
                    // the field keeps the three states.
                    Some(field) if field.optional && v.is_null() && !is_three_state(&field.ty) => {
                        return Err(format!("`{key}: null` would be written back as absent"));
                    }
                    Some(field) => fits(types, &field.ty, v, depth)?,
                    None => match &s.additional {
                        Some(extra) => fits(types, &extra.value, v, depth)?,
                        None => {
                            return Err(format!(
                                "property `{key}` is not declared, so it is not kept"
                            ));
                        }
                    },
                }
            }
            Ok(())
        }
        (TypeKind::Union(u), value) => match &u.tagging {
            Tagging::Untagged => {
                // serde takes the first variant that decodes: the example must fit that one.
                let first = u
                    .variants
                    .iter()
                    .find(|v| fits(types, &v.payload, value, depth).is_ok());
                match first {
                    Some(_) => Ok(()),
                    None => Err(format!("`{value}` fits no variant of `{}`", def.name)),
                }
            }
            Tagging::Internal { tag } => {
                let tag_value = value.get(tag).and_then(Value::as_str);
                match u
                    .variants
                    .iter()
                    .find(|v| v.wire_name.as_deref() == tag_value)
                {
                    Some(variant) => {
                        let mut rest = value.clone();
                        if let Some(map) = rest.as_object_mut() {
                            map.remove(tag);
                        }
                        fits(types, &variant.payload, &rest, depth)
                    }
                    None => Ok(()),
                }
            }
            Tagging::External => match value.as_object() {
                Some(map) if map.len() == 1 => {
                    let (key, inner) = map
                        .iter()
                        .next()
                        .map(|(k, v)| (k.clone(), v))
                        .unwrap_or_default();
                    match u
                        .variants
                        .iter()
                        .find(|v| v.wire_name.as_deref() == Some(key.as_str()))
                    {
                        Some(variant) => fits(types, &variant.payload, inner, depth),
                        None => Ok(()),
                    }
                }
                _ => Ok(()),
            },
        },
        _ => Err(format!("`{value}` is not a {}", def.name)),
    }
}

/// Whether every value that [`fits`] the type is written back unchanged, with no generated code
/// in between: strings, booleans, `f64` (compared as numbers), `i64` and `u64` (whose range
/// `fits` checks), JSON values, aliases of these, and options, boxes, lists, tuples and maps
/// of them. Smaller integers and `f32` may not hold a value; named types are generated code,
/// which the tests are there to check.
fn round_trips_whatever_fits(types: &[TypeDef], ty: &TypeRef, depth: usize) -> bool {
    if depth > MAX_DEPTH {
        return false;
    }
    let inner_too = || {
        ty.children()
            .1
            .iter()
            .all(|inner| round_trips_whatever_fits(types, inner, depth + 1))
    };
    match ty {
        TypeRef::Scalar(scalar) => scalar.facts().round_trips,
        TypeRef::Value | TypeRef::JsonObject => true,
        TypeRef::Vec(_)
        | TypeRef::Tuple(_)
        | TypeRef::Map(_)
        | TypeRef::Option(_)
        | TypeRef::Nullable(_)
        | TypeRef::Box(_) => inner_too(),
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Alias(inner) => round_trips_whatever_fits(types, inner, depth + 1),
            _ => false,
        },
    }
}

/// Whether `text` is a decimal number as `rust_decimal` reads it: a sign, digits with at most
/// one point, and at most 28 digits after it.
fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (whole, fraction) = unsigned.split_once('.').unwrap_or((unsigned, ""));
    let digits = |part: &str| part.bytes().all(|b| b.is_ascii_digit());
    !(whole.is_empty() && fraction.is_empty())
        && digits(whole)
        && digits(fraction)
        && fraction.len() <= 28
        && whole.len() + fraction.len() <= 29
}

fn is_three_state(ty: &TypeRef) -> bool {
    matches!(ty, TypeRef::Option(inner) if matches!(**inner, TypeRef::Nullable(_)))
}

fn describe(types: &[TypeDef], ty: &TypeRef) -> String {
    match ty {
        TypeRef::Scalar(scalar) => match scalar.facts().json {
            JsonScalar::Text => "string",
            JsonScalar::DecimalText => "decimal number in a string",
            JsonScalar::Boolean => "boolean",
            JsonScalar::Signed | JsonScalar::Unsigned => "integer",
            JsonScalar::Number | JsonScalar::SingleNumber => "number",
        }
        .to_owned(),
        TypeRef::Vec(_) | TypeRef::Tuple(_) => "array".to_owned(),
        TypeRef::Map(_) | TypeRef::JsonObject => "object".to_owned(),
        TypeRef::Named(id) => types[id.0].name.clone(),
        TypeRef::Option(inner) | TypeRef::Box(inner) | TypeRef::Nullable(inner) => {
            describe(types, inner)
        }
        TypeRef::Value => "value".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{ExampleCheck, ExampleOutcome};

    fn examples(schemas: &str) -> Vec<ExampleCheck> {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n{schemas}"
        );
        crate::lower_to_ir(&spec, &crate::Options::default())
            .unwrap()
            .0
            .examples
    }

    fn outcomes(checks: &[ExampleCheck]) -> Vec<(String, ExampleOutcome)> {
        checks
            .iter()
            .map(|c| (c.source.to_string(), c.outcome.clone()))
            .collect()
    }

    #[test]
    fn each_type_has_one_test_named_apart_from_keywords_and_helpers() {
        let checks = examples(
            "    type: {type: object, properties: {a: {type: string, example: x}}, example: {a: y}}\n    RoundTrip: {type: object, properties: {n: {type: integer}}, example: {n: 1}}\n",
        );
        let tested = |name: &str| ExampleOutcome::Tested(name.to_owned());
        assert_eq!(
            outcomes(&checks),
            [
                ("#/components/schemas/type".to_owned(), tested("r#type")),
                (
                    "#/components/schemas/type/properties/a".to_owned(),
                    ExampleOutcome::Certain
                ),
                (
                    "#/components/schemas/RoundTrip".to_owned(),
                    tested("round_trip_2")
                ),
            ]
        );
    }

    #[test]
    fn only_round_trips_that_can_fail_are_tested() {
        let checks = examples(
            "    s:\n      type: object\n      properties:\n        text: {type: string, example: a}\n        number: {type: number, example: 1.5}\n        list: {type: array, items: {type: integer}, example: [1, 2]}\n        map: {type: object, additionalProperties: {type: boolean}, example: {x: true}}\n        alias: {$ref: '#/components/schemas/name', example: b}\n        any: {example: {x: [null]}}\n        small: {type: integer, format: int32, example: 7}\n        single: {type: number, format: float, example: 0.5}\n        choice: {type: string, enum: [a, b], example: a}\n    name: {type: string}\n",
        );
        let tested: Vec<String> = checks
            .iter()
            .filter(|c| c.test().is_some())
            .map(|c| {
                c.source
                    .to_string()
                    .replace("#/components/schemas/s/properties/", "")
            })
            .collect();
        // Integers that may not fit, `f32`, and the generated enum's own code (the example is
        // the property's and the inline enum type's).
        assert_eq!(tested, ["small", "single", "choice", "choice"]);
        assert_eq!(
            checks
                .iter()
                .filter(|c| c.outcome == ExampleOutcome::Certain)
                .count(),
            6
        );
    }

    #[test]
    fn examples_that_cannot_round_trip_are_left_out_with_the_reason() {
        let checks = examples(
            "    loudness: {type: number, format: float, example: 118.211}\n    s: {type: object, required: [id], properties: {id: {type: string}, n: {type: string, example: 2}, o: {type: string}}}\n    missing: {$ref: '#/components/schemas/s', example: {}}\n    undeclared: {allOf: [{$ref: '#/components/schemas/s'}], example: {id: a, extra: 1}}\n    nulled: {allOf: [{$ref: '#/components/schemas/s'}], example: {id: a, o: null}}\n",
        );
        let unfit: Vec<_> = checks.iter().filter_map(|c| c.unfit()).collect();
        assert_eq!(
            unfit,
            [
                "`118.211` has no exact `f32` form, so it is not written back as it was read",
                "`2` is not a string",
                "required property `id` is missing",
                "property `extra` is not declared, so it is not kept",
                "`o: null` would be written back as absent",
            ]
        );
        assert!(checks.iter().all(|c| c.test().is_none()));
    }
}
