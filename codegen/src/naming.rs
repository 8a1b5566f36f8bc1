//! Naming: every Rust identifier the generator emits is made here, from spec text, valid for
//! any input, and unique within its scope.

use crate::hashing::HashSet;

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
    let name = upper_camel_case(text);
    let name = if name.is_empty() {
        "Type".to_owned()
    } else {
        name
    };
    escape(name)
}

/// An enum variant name for a value.
pub fn variant_name(text: &str) -> String {
    let name = upper_camel_case(text);
    let name = if name.is_empty() {
        "Empty".to_owned()
    } else {
        name
    };
    escape(name)
}

/// A field, argument or method name (`snake_case`) for spec text.
pub fn value_name(text: &str) -> String {
    let mut name = String::with_capacity(text.len() + 4);
    for_each_word(text, |word| {
        if !name.is_empty() {
            name.push('_');
        }
        name.extend(word.chars().map(|c| c.to_ascii_lowercase()));
    });
    let name = if name.is_empty() {
        "value".to_owned()
    } else {
        digit_guarded(name)
    };
    escape(name)
}

/// The words of `text` joined, each capitalized (`created-at` → `CreatedAt`).
fn upper_camel_case(text: &str) -> String {
    let mut name = String::with_capacity(text.len());
    for_each_word(text, |word| {
        let mut chars = word.chars();
        name.extend(chars.next().map(|c| c.to_ascii_uppercase()));
        name.extend(chars.map(|c| c.to_ascii_lowercase()));
    });
    digit_guarded(name)
}

/// Calls `word` with each word of `text`, in order. Words are runs of ASCII letters and
/// digits (anything else, non-ASCII letters too, separates them), further cut where a
/// lowercase letter, or digits after one, meet an uppercase letter (`createdAt` → `created`,
/// `At`), and before the last of several capitals followed by a lowercase letter
/// (`HTTPServer` → `HTTP`, `Server`). These are heck's rules for ASCII text; the generator
/// ran heck itself before, and a test checks that names are as heck made them.
fn for_each_word<'t>(text: &'t str, mut word: impl FnMut(&'t str)) {
    /// The case of the last letter since the word began.
    #[derive(Clone, Copy, PartialEq)]
    enum Last {
        None,
        Lower,
        Upper,
    }
    for run in text.split(|c: char| !c.is_ascii_alphanumeric()) {
        let bytes = run.as_bytes();
        let mut start = 0;
        let mut last = Last::None;
        for (i, &c) in bytes.iter().enumerate() {
            let Some(&next) = bytes.get(i + 1) else {
                word(&run[start..]);
                break;
            };
            let with_c = if c.is_ascii_lowercase() {
                Last::Lower
            } else if c.is_ascii_uppercase() {
                Last::Upper
            } else {
                last
            };
            if with_c == Last::Lower && next.is_ascii_uppercase() {
                word(&run[start..=i]);
                start = i + 1;
                last = Last::None;
            } else if last == Last::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase() {
                word(&run[start..i]);
                start = i;
                last = Last::None;
            } else {
                last = with_c;
            }
        }
    }
}

/// An identifier cannot start with a digit: such a name gets a `_` before it.
fn digit_guarded(mut name: String) -> String {
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    name
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

/// The methods of a model's `impl`: `new`, then one `with_<field>` setter per name in
/// `optional_fields` (the fields' Rust names, in order), unique among themselves and `new`.
pub fn setter_names<'f>(optional_fields: impl IntoIterator<Item = &'f str>) -> Vec<String> {
    let mut scope = Scope::with_reserved(&["new"]);
    optional_fields
        .into_iter()
        .map(|field| {
            // `r#type` → `with_type`, `self_` → `with_self`, `_2fa` → `with_2fa`.
            let bare = field.strip_prefix("r#").unwrap_or(field).trim_matches('_');
            scope.claim(format!("with_{bare}"))
        })
        .collect()
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
    fn setters_are_named_after_their_fields_and_never_collide() {
        assert_eq!(
            setter_names(["width", "r#type", "self_", "_2fa", "new", "with_a", "a"]),
            [
                "with_width",
                "with_type",
                "with_self",
                "with_2fa",
                "with_new",
                "with_with_a",
                "with_a"
            ]
        );
        // `type` and `r#type` would both give `with_type`: the second is numbered.
        assert_eq!(
            setter_names(["type", "r#type"]),
            ["with_type", "with_type_2"]
        );
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

    /// The names as the generator made them with heck, before it split words itself.
    fn with_heck(text: &str, snake: bool) -> String {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let ascii: String = text
            .chars()
            .map(|c| if c.is_ascii() { c } else { ' ' })
            .collect();
        let cased = if snake {
            ascii.to_snake_case()
        } else {
            ascii.to_upper_camel_case()
        };
        let mut name: String = cased
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if name.starts_with(|c: char| c.is_ascii_digit()) {
            name.insert(0, '_');
        }
        name
    }

    #[test]
    fn names_are_cased_as_heck_cases_them() {
        let mut texts: Vec<String> = [
            "HTTPServer",
            "getHTTPResponseCode",
            "ABc",
            "aB",
            "a1B",
            "A1b",
            "x-GitHub-Api",
            "__a__b",
            "IPv6",
            "k8sPod",
            "v2_Beta",
            "ÆbleGrød",
            "日本語Name",
            "9lives",
            "TASK",
            "a b",
            "already_snake_case",
            "SCREAMING_SNAKE",
            "mixed.Dots/and-dashes",
            "",
        ]
        .map(str::to_owned)
        .to_vec();
        // Every string of up to four characters from a mix of cases, digits, separators and
        // a non-ASCII letter.
        let alphabet = ['a', 'B', 'c', 'D', '1', '_', '-', ' ', 'é'];
        let mut short = vec![String::new()];
        for _ in 0..4 {
            short = short
                .iter()
                .flat_map(|prefix| alphabet.iter().map(move |c| format!("{prefix}{c}")))
                .collect();
            texts.extend(short.iter().cloned());
        }
        for text in &texts {
            let camel = with_heck(text, false);
            let expected = if camel.is_empty() {
                "Type".to_owned()
            } else {
                escape(camel)
            };
            assert_eq!(type_name(text), expected, "type name of {text:?}");
            let snake = with_heck(text, true);
            let expected = if snake.is_empty() {
                "value".to_owned()
            } else {
                escape(snake)
            };
            assert_eq!(value_name(text), expected, "value name of {text:?}");
        }
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
