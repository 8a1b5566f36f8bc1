//! Scalars: the one mapping from a schema's JSON type and `format` to the Rust scalar that holds
//! its values, used wherever a schema becomes a type (a property, a parameter, each type of a
//! `type: [integer, string]` union).

use crate::ir::{Scalar, TypeRef};
use crate::normalize::InstanceType;

/// The scalar of a schema of JSON type `ty` with `format`, or `None` for arrays and objects.
/// An unknown format keeps the type's widest scalar: `i64`, `f64`, `String`. A `number` with
/// `format: decimal` stays `f64`: reading a JSON number exactly needs serde_json's
/// `arbitrary_precision`, which changes every number of every crate in the user's build.
pub(crate) fn scalar(ty: InstanceType, format: Option<&str>) -> Option<Scalar> {
    Some(match ty {
        InstanceType::String => match format {
            Some("decimal") => Scalar::Decimal,
            _ => Scalar::String,
        },
        InstanceType::Integer => match format {
            Some("int8") => Scalar::I8,
            Some("int16") => Scalar::I16,
            Some("int32") => Scalar::I32,
            Some("uint8") => Scalar::U8,
            Some("uint16") => Scalar::U16,
            Some("uint32") => Scalar::U32,
            Some("uint64") => Scalar::U64,
            _ => Scalar::I64,
        },
        InstanceType::Number => match format {
            Some("float") => Scalar::F32,
            _ => Scalar::F64,
        },
        InstanceType::Boolean => Scalar::Bool,
        InstanceType::Array | InstanceType::Object => return None,
    })
}

/// The type of a string, number or boolean schema: its scalar, or any value for the types
/// [`scalar`] holds no scalar of.
pub(crate) fn scalar_type(ty: InstanceType, format: Option<&str>) -> TypeRef {
    scalar(ty, format).map_or(TypeRef::Value, TypeRef::Scalar)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_pick_the_scalar_and_unknown_ones_the_widest() {
        let cases = [
            (InstanceType::Integer, Some("uint64"), Scalar::U64),
            (InstanceType::Integer, Some("int32"), Scalar::I32),
            (InstanceType::Integer, Some("int64"), Scalar::I64),
            (InstanceType::Integer, Some("snowflake"), Scalar::I64),
            (InstanceType::Number, Some("float"), Scalar::F32),
            (InstanceType::Number, Some("double"), Scalar::F64),
            (InstanceType::Number, Some("decimal"), Scalar::F64),
            (InstanceType::String, Some("decimal"), Scalar::Decimal),
            (InstanceType::String, Some("uint64"), Scalar::String),
            (InstanceType::Boolean, None, Scalar::Bool),
        ];
        for (ty, format, expected) in cases {
            assert_eq!(scalar(ty, format), Some(expected), "{ty:?} {format:?}");
        }
        assert_eq!(scalar(InstanceType::Array, None), None);
    }
}
