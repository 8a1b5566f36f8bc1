//! Reading one key of a parsed object, the lookup every stage does on the document tree.

use serde_json::{Map, Value};

/// Reading one key of a parsed object. Most objects of a spec (a schema, a parameter, an
/// operation) have a handful of keys: comparing them in turn costs less than hashing the key
/// with the map's SipHash, which `Map::get` does. Large objects (`paths`, `properties`) are
/// still looked up through their hash table.
pub trait Fields {
    /// The value at `key`, if this is an object that has it.
    fn field(&self, key: &str) -> Option<&Value>;
}

/// Up to this many keys, an object is searched in order rather than through its hash table.
const SCANNED_KEYS: usize = 12;

impl Fields for Map<String, Value> {
    fn field(&self, key: &str) -> Option<&Value> {
        if self.len() <= SCANNED_KEYS {
            self.iter().find_map(|(k, v)| (k == key).then_some(v))
        } else {
            self.get(key)
        }
    }
}

impl Fields for Value {
    fn field(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(map) => map.field(key),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn fields_are_found_in_objects_of_any_size() {
        let small = json!({"type": "string", "format": "uuid"});
        assert_eq!(small.field("format"), Some(&json!("uuid")));
        assert_eq!(small.field("forma"), None);
        let large: Map<String, Value> = (0..100).map(|i| (format!("k{i}"), json!(i))).collect();
        assert_eq!(large.field("k99"), Some(&json!(99)));
        assert_eq!(large.field("k100"), None);
        assert_eq!(json!(["type"]).field("type"), None);
    }
}
