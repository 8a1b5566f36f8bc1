//! Spelling: the one place where IR types become Rust type text, for a [`Site`]: inside a
//! module of the crate (short names, std names written in full where the module shadows them,
//! the models by their names where they are in scope) or as a caller of the crate writes them
//! (`Option<Vec<models::Task>>`), which is how the API summary spells every type.

use crate::emit::names::{Module, NameSet, StdName, note};
use crate::ir::{Ir, RustScalar, TypeRef};

/// Where a type is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Site {
    /// Inside this module of the generated crate. The std names written short are noted for
    /// the module's `use` lines.
    Module(Module),
    /// In a caller's code, canonical and short: a named type is always `models::Name`, so
    /// that a renamed type can be followed through the spellings that mention it.
    Caller,
}

/// The spelling of a type reference at `site`.
pub(crate) fn type_text(ir: &Ir, ty: &TypeRef, site: Site) -> String {
    let mut out = String::new();
    write_type(ir, ty, site, &mut out);
    out
}

fn write_type(ir: &Ir, ty: &TypeRef, site: Site, out: &mut String) {
    let wrapped = |out: &mut String, outer: &str, inner: &TypeRef| {
        out.push_str(outer);
        out.push('<');
        write_type(ir, inner, site, out);
        out.push('>');
    };
    match ty {
        TypeRef::Scalar(scalar) => match scalar.facts().rust {
            RustScalar::Primitive(name) => out.push_str(name),
            RustScalar::String => std_name(StdName::String, site, out),
            // From the crate root inside the crate, which a module's names cannot shadow.
            RustScalar::Path(path) => {
                if matches!(site, Site::Module(_)) {
                    out.push_str("::");
                }
                out.push_str(path);
            }
        },
        TypeRef::Value => std_name(StdName::Value, site, out),
        TypeRef::JsonObject => {
            std_name(StdName::Map, site, out);
            out.push('<');
            std_name(StdName::String, site, out);
            out.push_str(", ");
            std_name(StdName::Value, site, out);
            out.push('>');
        }
        TypeRef::Vec(inner) => {
            std_name(StdName::Vec, site, out);
            wrapped(out, "", inner);
        }
        TypeRef::Tuple(items) => {
            out.push('(');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push_str(", ");
                }
                write_type(ir, item, site, out);
            }
            // A tuple of one is `(T,)`: `(T)` is `T`.
            if items.len() == 1 {
                out.push(',');
            }
            out.push(')');
        }
        TypeRef::Map(inner) => {
            std_name(StdName::BTreeMap, site, out);
            out.push('<');
            std_name(StdName::String, site, out);
            out.push_str(", ");
            write_type(ir, inner, site, out);
            out.push('>');
        }
        TypeRef::Option(inner) => {
            std_name(StdName::Option, site, out);
            wrapped(out, "", inner);
        }
        TypeRef::Box(inner) => {
            std_name(StdName::Box, site, out);
            wrapped(out, "", inner);
        }
        TypeRef::Nullable(inner) => {
            model(site, "Nullable", out);
            wrapped(out, "", inner);
        }
        TypeRef::Named(id) => match ir.types.get(id.0) {
            Some(def) => model(site, &def.name, out),
            None => out.push('_'),
        },
    }
}

/// A name from std or serde_json: short unless the module shadows it. A caller writes
/// serde_json's names with their crate.
fn std_name(name: StdName, site: Site, out: &mut String) {
    match site {
        Site::Module(module) if module.shadowed.contains(name) => {
            out.push_str(&name.full_path());
        }
        Site::Module(_) => {
            note(NameSet::of([name]));
            out.push_str(name.name());
        }
        Site::Caller => {
            if matches!(name, StdName::Value | StdName::Map) {
                out.push_str("serde_json::");
            }
            out.push_str(name.name());
        }
    }
}

/// A type of the `models` module, as `site` names it.
fn model(site: Site, name: &str, out: &mut String) {
    match site {
        Site::Module(module) if module.in_models => {}
        Site::Module(_) => out.push_str("crate::models::"),
        Site::Caller => out.push_str("models::"),
    }
    out.push_str(name);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emit::names::record;
    use crate::ir::{Scalar, TypeId};

    fn lowered(schemas: &str) -> Ir {
        let spec = format!(
            "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"t\", \"version\": \"1\"}}, \"paths\": {{}}, \"components\": {{\"schemas\": {{{schemas}}}}}}}"
        );
        crate::lower_to_ir(&spec, &crate::Options::default())
            .unwrap()
            .0
    }

    #[test]
    fn types_are_spelled_short_unless_the_module_takes_the_name() {
        let ir = lowered("\"type\": {\"type\": \"object\"}, \"Option\": {\"type\": \"object\"}");
        let named = TypeRef::Named(TypeId(0));
        let boxed = |ty: TypeRef| Box::new(ty);
        let three_state = TypeRef::Option(boxed(TypeRef::Nullable(boxed(TypeRef::Vec(boxed(
            TypeRef::Map(boxed(named.clone())),
        ))))));
        let models = Module::new(true, ir.types.iter().map(|t| &t.name));
        assert_eq!(models.shadowed, NameSet::of([StdName::Option]));
        let (spelled, used) = record(|| type_text(&ir, &three_state, Site::Module(models)));
        assert_eq!(
            spelled,
            "::std::option::Option<Nullable<Vec<BTreeMap<String, Type>>>>"
        );
        assert_eq!(
            used,
            NameSet::of([StdName::Vec, StdName::BTreeMap, StdName::String])
        );
        let elsewhere = Site::Module(Module::default());
        assert_eq!(
            type_text(&ir, &three_state, elsewhere),
            "Option<crate::models::Nullable<Vec<BTreeMap<String, crate::models::Type>>>>"
        );
        assert_eq!(
            type_text(&ir, &three_state, Site::Caller),
            "Option<models::Nullable<Vec<BTreeMap<String, models::Type>>>>"
        );
        let tuple = TypeRef::Tuple(vec![
            TypeRef::Scalar(Scalar::I32),
            TypeRef::JsonObject,
            TypeRef::Box(boxed(TypeRef::Scalar(Scalar::String))),
        ]);
        let (spelled, used) = record(|| type_text(&ir, &tuple, elsewhere));
        assert_eq!(spelled, "(i32, Map<String, Value>, Box<String>)");
        assert_eq!(
            used,
            NameSet::of([StdName::Map, StdName::String, StdName::Value, StdName::Box])
        );
        assert_eq!(
            type_text(&ir, &tuple, Site::Caller),
            "(i32, serde_json::Map<String, serde_json::Value>, Box<String>)"
        );
        assert_eq!(
            type_text(
                &ir,
                &TypeRef::Tuple(vec![TypeRef::Scalar(Scalar::F64)]),
                Site::Caller
            ),
            "(f64,)"
        );
        assert_eq!(
            type_text(&ir, &TypeRef::Tuple(Vec::new()), Site::Module(models)),
            "()"
        );
        assert_eq!(
            type_text(&ir, &TypeRef::Named(TypeId(99)), Site::Caller),
            "_"
        );
    }
}
