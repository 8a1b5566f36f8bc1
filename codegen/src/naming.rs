//! Naming: every Rust identifier the generator emits is made here, from spec text, valid for
//! any input, and unique within its scope.

use crate::hashing::HashSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Keywords of every edition, usable as raw identifiers (`r#type`).
const RAW_KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "do", "dyn",
    "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl", "in", "let",
    "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref", "return",
    "static", "struct", "trait", "true", "try", "type", "typeof", "union", "unsafe", "unsized",
    "use", "virtual", "where", "while", "yield",
];

/// Keywords that cannot be raw identifiers: they get a `_` suffix.
const NON_RAW_KEYWORDS: &[&str] = &["self", "Self", "super", "crate", "_"];

/// A Rust type name (`UpperCamelCase`) for spec text.
pub fn type_name(text: &str) -> String {
    let name = ascii_ident(&ascii_words(text).to_upper_camel_case());
    let name = if name.is_empty() {
        "Type".to_owned()
    } else {
        name
    };
    escape(name)
}

/// An enum variant name for a value.
pub fn variant_name(text: &str) -> String {
    let name = ascii_ident(&ascii_words(text).to_upper_camel_case());
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    };
    escape(name)
}

/// A field, argument or method name (`snake_case`) for spec text.
pub fn value_name(text: &str) -> String {
    let name = ascii_ident(&ascii_words(text).to_snake_case());
    let name = if name.is_empty() {
        "value".to_owned()
    } else {
        name
    };
    escape(name)
}

/// Non-ASCII characters separate words, so that case conversion sees the ASCII words around them.
fn ascii_words(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_ascii() { c } else { ' ' })
        .collect()
}

/// Keeps ASCII letters, digits and `_`; a leading digit gets a `_` before it.
fn ascii_ident(text: &str) -> String {
    let mut out: String = text
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
        .collect();
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

fn escape(name: String) -> String {
    if RAW_KEYWORDS.contains(&name.as_str()) {
        format!("r#{name}")
    } else if NON_RAW_KEYWORDS.contains(&name.as_str()) {
        format!("{name}_")
    } else {
        name
    }
}

/// One namespace: a module's types, a struct's fields, an enum's variants.
#[derive(Clone, Debug, Default)]
pub struct Scope {
    taken: HashSet<String>,
}

impl Scope {
    /// A scope in which `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (*s).to_owned()).collect(),
        }
    }

    /// `name` if it is free, else `name2`, `name3`, … (`r#type` → `type2`); the result is taken.
    pub fn claim(&mut self, name: String) -> String {
        let chosen = if self.taken.contains(&name) {
            let base = name
                .strip_prefix("r#")
                .unwrap_or(&name)
                .trim_end_matches('_');
            // `foo_bar_2`, `H264_2` (a digit after a digit would change the number), `Task2`.
            let separator = if base.contains('_')
                || base.starts_with(char::is_lowercase)
                || base.ends_with(|c: char| c.is_ascii_digit())
            {
                "_"
            } else {
                ""
            };
            (2..)
                .map(|n| format!("{base}{separator}{n}"))
                .find(|candidate| !self.taken.contains(candidate))
                .unwrap_or_default()
        } else {
            name
        };
        self.taken.insert(chosen.clone());
        chosen
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn type_names() {
        assert_eq!(type_name("task"), "Task");
        assert_eq!(type_name("transcode-profile"), "TranscodeProfile");
        assert_eq!(type_name("export-task-params"), "ExportTaskParams");
        assert_eq!(type_name("TASK"), "Task");
        assert_eq!(type_name("1st-choice"), "_1stChoice");
        assert_eq!(type_name("Self"), "Self_");
        assert_eq!(type_name("ünïcode"), "NCode");
        assert_eq!(type_name("日本"), "Type");
        assert_eq!(value_name("größe"), "gr_e");
        assert_eq!(type_name("!!!"), "Type");
    }

    #[test]
    fn variant_names() {
        assert_eq!(variant_name("H.264"), "H264");
        assert_eq!(variant_name("catalyst_ffmpeg"), "CatalystFfmpeg");
        assert_eq!(variant_name("export-data"), "ExportData");
        assert_eq!(variant_name(""), "Empty");
        assert_eq!(variant_name("1080p"), "_1080p");
    }

    #[test]
    fn value_names() {
        assert_eq!(value_name("createdAt"), "created_at");
        assert_eq!(value_name("transcode-file"), "transcode_file");
        assert_eq!(value_name("type"), "r#type");
        assert_eq!(value_name("$ref"), "r#ref");
        assert_eq!(value_name("self"), "self_");
        assert_eq!(value_name("crate"), "crate_");
        assert_eq!(value_name("super"), "super_");
        assert_eq!(value_name("_"), "value");
        assert_eq!(value_name("2fa"), "_2fa");
    }

    #[test]
    fn every_keyword_is_escaped() {
        for keyword in RAW_KEYWORDS {
            let name = value_name(keyword);
            assert_eq!(name, format!("r#{keyword}"));
            syn::parse_str::<syn::Ident>(&name).unwrap();
        }
        for keyword in ["self", "super", "crate"] {
            let name = value_name(keyword);
            syn::parse_str::<syn::Ident>(&name).unwrap();
        }
        syn::parse_str::<syn::Ident>(&type_name("Self")).unwrap();
    }

    #[test]
    fn scopes_disambiguate_deterministically() {
        let mut scope = Scope::default();
        assert_eq!(scope.claim(value_name("fooBar")), "foo_bar");
        assert_eq!(scope.claim(value_name("foo_bar")), "foo_bar_2");
        assert_eq!(scope.claim(value_name("FooBar")), "foo_bar_3");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("task")), "Task");
        assert_eq!(types.claim(type_name("Task")), "Task2");
        assert_eq!(types.claim(type_name("TASK")), "Task3");
        let mut variants = Scope::default();
        assert_eq!(variants.claim(variant_name("H.264")), "H264");
        assert_eq!(variants.claim(variant_name("H264")), "H264_2");
        assert_eq!(variants.claim(variant_name("h_264")), "H264_3");
        let mut fields = Scope::default();
        assert_eq!(fields.claim(value_name("type")), "r#type");
        assert_eq!(fields.claim(value_name("Type")), "type_2");
    }

    #[test]
    fn reserved_names_are_never_claimed() {
        let mut methods = Scope::with_reserved(&["builder"]);
        assert_eq!(methods.claim(value_name("builder")), "builder_2");
    }
}
