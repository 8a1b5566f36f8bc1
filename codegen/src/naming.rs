//! Naming: every Rust identifier and cargo feature the generator emits is made here, from spec
//! text, valid for any input, and unique within its scope.
//!
//! One rule per kind of name; each takes any text (punctuation only, empty, another script,
//! emoji, a keyword) and gives a valid name:
//!
//! - Types ([`type_name`]): the text's words, each capitalized (`transcode-profile` →
//!   `TranscodeProfile`); `Type` when there are none; `_` before a leading digit (`_1stChoice`);
//!   `Self` takes a `_` (`Self_`). A name made by appending to another starts from
//!   [`type_prefix`], which has no `_`.
//! - Enum and union variants ([`variant_name`]): as types, `Empty` when there are no words.
//! - Methods, fields, parameters, test functions ([`value_name`]): the words in lowercase joined
//!   by `_` (`createdAt` → `created_at`); `value` when there are none; `_` before a leading
//!   digit; a keyword raw (`r#type`), or with a `_` when it cannot be raw (`self_`, `super_`,
//!   `crate_`).
//! - Setters of a model ([`setter_names`]): `with_` and the field's bare name (`with_type`).
//! - Credential setters ([`credential_setter`]): `api_key_` and the scheme's words.
//! - Modules of the operations, one per tag ([`module_name`]): as values, but never raw (a
//!   keyword takes a `_`: `type_`), claimed in a [`Scope`] reserving [`RESERVED_MODULES`].
//! - Cargo features ([`feature_name`]): a tag's module with `-` for `_`, without the `_` that
//!   guards a digit or escapes a keyword (`_2fa` → `2fa`, `type_` → `type`): a valid feature
//!   name under cargo's rule (the first character XID_Start, a digit or `_`; then XID_Continue,
//!   `-`, `+` or `.`), and distinct for distinct modules.
//!
//! Words are runs of ASCII letters and digits, cut at case changes as heck cuts them, except
//! that an acronym's plural stays one word: two or more capitals and an `s` that no lowercase
//! letter follows (`floatingIPs` → `floating`, `IPs`; `IPsec` → `I`, `Psec`, as heck). Names
//! that collide after all this are numbered by their [`Scope`].

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

/// [`type_name`] without the `_` that escapes `Self`, for a name made by appending to it
/// (`Self` + `Arguments` → `SelfArguments`, not `Self_Arguments`, which is not camel case).
pub fn type_prefix(text: &str) -> String {
    let name = type_name(text);
    match name.strip_suffix('_') {
        Some(bare) => bare.to_owned(),
        None => name,
    }
}

/// `name`, a type name, with `suffix` (camel case) after it: `GetTask` + `Arguments`.
pub fn suffixed_type_name(name: &str, suffix: &str) -> String {
    let bare = name.strip_prefix("r#").unwrap_or(name);
    format!("{}{suffix}", bare.strip_suffix('_').unwrap_or(bare))
}

/// Module names a tag must not take, each for a reason:
/// - `untagged`, the module of the operations without a tag, and `operations`, the module that
///   holds the tags' modules (`operations::operations` would stutter, and clippy's
///   `module_inception` denies it; Azure's APIs tag their `Operations_List` so);
/// - the modules whose features are the crate's own (`default`, `all-models`, the TLS backends,
///   `tracing`): a tag's feature is its module's name with `-` for `_`;
/// - `std`, `core`, `alloc` and the crates the generated code uses: the code writes their
///   paths in full (`::std::…`), which a module cannot shadow, but an `operations::serde` would
///   still read as that crate to a person and in rustdoc's paths;
/// - the names Windows refuses as file names (`con`, `nul`, `com1`, …): a module is a file,
///   `src/operations/<module>.rs`.
pub const RESERVED_MODULES: &[&str] = &[
    "untagged",
    "operations",
    "default",
    "all_models",
    "rustls",
    "rustls_ring",
    "native_tls",
    "tracing",
    "std",
    "core",
    "alloc",
    "reqwest",
    "serde",
    "serde_json",
    "serde_path_to_error",
    "tokio",
    "con",
    "prn",
    "aux",
    "nul",
    "com1",
    "com2",
    "com3",
    "com4",
    "com5",
    "com6",
    "com7",
    "com8",
    "com9",
    "lpt1",
    "lpt2",
    "lpt3",
    "lpt4",
    "lpt5",
    "lpt6",
    "lpt7",
    "lpt8",
    "lpt9",
];

/// The module of a tag's operations: [`value_name`], with a keyword taking a `_` rather than
/// being raw (`type_`), since the module's name also gives its feature's. Claim it in a scope
/// made with [`RESERVED_MODULES`].
pub fn module_name(tag: &str) -> String {
    let name = value_name(tag);
    match name.strip_prefix("r#") {
        Some(keyword) => format!("{keyword}_"),
        None => name,
    }
}

/// The cargo feature of a module named by [`module_name`] (and claimed in its scope): the
/// module's name with `-` for `_`, less the `_` before a leading digit (`_2fa` → `2fa`: cargo
/// refuses a feature starting with `-`) and the `_` after a keyword (`type_` → `type`).
///
/// Distinct modules give distinct features: a module's name is ASCII lowercase letters,
/// digits and `_`, starts with `_` only before a digit and ends with `_` only after a keyword,
/// which no module is without it. The reserved modules give the crate's own features
/// (`all_models` → `all-models`).
pub fn feature_name(module: &str) -> String {
    let name = match module.strip_prefix('_') {
        Some(rest) if rest.starts_with(|c: char| c.is_ascii_digit()) => rest,
        _ => module,
    };
    let name = name.strip_suffix('_').unwrap_or(name);
    name.replace('_', "-")
}

/// The `ClientBuilder` setter of an API key scheme when the spec has several:
/// `api_key_<scheme>` (`api_key_type`, never `api_key_r#type`).
pub fn credential_setter(scheme: &str) -> String {
    value_name(&format!("api key {scheme}"))
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
/// ran heck itself before, and a test checks that names are as heck made them, but for one
/// rule heck lacks:
///
/// A plural acronym is one word: two or more capitals, then an `s` that no lowercase letter
/// follows, keep the `s` (`floatingIPs` → `floating`, `IPs`; `IDsList` → `IDs`, `List`;
/// `APIsKey` → `APIs`, `Key`), where heck cuts before the last capital (`I`, `Ps`). An `s`
/// that starts a lowercase word is not a plural (`IPsec` → `I`, `Psec`, as heck), nor one after
/// a digit (`UTF8s` is one word by the other rules anyway) or after a single capital (`Ks`);
/// capitals after a lowercase letter are cut as before (`iOS` → `i`, `OS`; `usesIDs` → `uses`,
/// `IDs`).
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
            } else if last == Last::Upper
                && c.is_ascii_uppercase()
                && next.is_ascii_lowercase()
                && !is_plural_acronym(bytes, i)
            {
                word(&run[start..i]);
                start = i;
                last = Last::None;
            } else {
                last = with_c;
            }
        }
    }
}

/// Whether the capital at `bytes[at]` ends an acronym whose plural `s` follows it: a capital
/// before it, an `s` after it, and no lowercase letter after the `s`.
fn is_plural_acronym(bytes: &[u8], at: usize) -> bool {
    at > 0
        && bytes[at - 1].is_ascii_uppercase()
        && bytes.get(at + 1) == Some(&b's')
        && !bytes.get(at + 2).is_some_and(u8::is_ascii_lowercase)
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

    /// `name` if it is free, else `name2`, `name3`, … (`r#type` → `type_2`); the result is
    /// taken.
    pub fn claim(&mut self, name: String) -> String {
        let chosen = if self.taken.contains(&name) {
            let base = name
                .strip_prefix("r#")
                .unwrap_or(&name)
                .trim_end_matches('_');
            // `foo_bar_2` (snake case), `H264_2` (a digit after a digit would change the
            // number), `Task2`, `_2fa2` (`_2fa_2` would not be camel case, were it a type).
            let separator = if base.trim_start_matches('_').starts_with(char::is_lowercase)
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
    use proptest::prelude::*;

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

    /// The names as the generator made them with heck, before it split words itself, with
    /// the one rule heck lacks: a plural acronym's `s` (see [`for_each_word`]) is made a
    /// capital for heck, and a word boundary put after it where a capital follows, so that
    /// heck keeps it with the acronym (`floatingIPs` → `floatingIPS`, `IPsKey` → `IPS_Key`).
    fn with_heck(text: &str, snake: bool) -> String {
        use heck::{ToSnakeCase, ToUpperCamelCase};
        let ascii: Vec<char> = text
            .chars()
            .map(|c| if c.is_ascii() { c } else { ' ' })
            .collect();
        let mut plural_marked = String::new();
        for (i, &c) in ascii.iter().enumerate() {
            let plural = c == 's'
                && i >= 2
                && ascii[i - 1].is_ascii_uppercase()
                && ascii[i - 2].is_ascii_uppercase()
                && !ascii.get(i + 1).is_some_and(char::is_ascii_lowercase);
            if plural {
                plural_marked.push('S');
                if ascii.get(i + 1).is_some_and(char::is_ascii_uppercase) {
                    plural_marked.push('_');
                }
            } else {
                plural_marked.push(c);
            }
        }
        let cased = if snake {
            plural_marked.to_snake_case()
        } else {
            plural_marked.to_upper_camel_case()
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
    fn names_are_cased_as_heck_cases_them_but_for_plural_acronyms() {
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
            "floatingIPs_list",
            "IPsec",
            "APIsKey",
            "UTF8s",
            "iOS",
            "IDsList",
            "usesIDs",
            "IPsIDs",
            "CPUs2Go",
        ]
        .map(str::to_owned)
        .to_vec();
        // Every string of up to four characters from a mix of cases (an `s` among them, for
        // plurals), digits, separators and a non-ASCII letter.
        let alphabet = ['a', 'B', 's', 'D', '1', '_', '-', ' ', 'é'];
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
    fn plural_acronyms_stay_one_word_where_heck_splits_them() {
        use heck::ToSnakeCase;
        // The difference, stated: heck cuts the acronym's last capital off with the `s`.
        assert_eq!("floatingIPs_list".to_snake_case(), "floating_i_ps_list");
        let cases = [
            ("floatingIPs_list", "floating_ips_list", "FloatingIpsList"),
            ("floatingIPs", "floating_ips", "FloatingIps"),
            ("URLs", "urls", "Urls"),
            ("listIDs", "list_ids", "ListIds"),
            ("APIs", "apis", "Apis"),
            ("CPUs", "cpus", "Cpus"),
            // Followed by a capital, the plural ends its word.
            ("APIsKey", "apis_key", "ApisKey"),
            ("IDsList", "ids_list", "IdsList"),
            ("IPsIDs", "ips_ids", "IpsIds"),
            ("usesIDs", "uses_ids", "UsesIds"),
            ("CPUs2", "cpus2", "Cpus2"),
            // Not plurals: an `s` that starts a lowercase word, no `s`, a single capital.
            ("IPsec", "i_psec", "IPsec"),
            ("HTTPServer", "http_server", "HttpServer"),
            ("getAs", "get_as", "GetAs"),
            ("Ks", "ks", "Ks"),
            // Cut by the other rules already.
            ("UTF8s", "utf8s", "Utf8s"),
            ("iOS", "i_os", "IOs"),
        ];
        for (text, snake, camel) in cases {
            assert_eq!(value_name(text), snake, "value name of {text:?}");
            assert_eq!(type_name(text), camel, "type name of {text:?}");
        }
    }

    #[test]
    fn tags_give_modules_and_cargo_features_valid_for_cargo() {
        let mut modules = Scope::with_reserved(RESERVED_MODULES);
        let mut named = |tag: &str| {
            let module = modules.claim(module_name(tag));
            let feature = feature_name(&module);
            (module, feature)
        };
        let cases = [
            ("2FA", "_2fa", "2fa"),
            (
                "1-Click Applications",
                "_1_click_applications",
                "1-click-applications",
            ),
            (
                "3. Improve your results",
                "_3_improve_your_results",
                "3-improve-your-results",
            ),
            (
                "16 day / daily Forecast",
                "_16_day_daily_forecast",
                "16-day-daily-forecast",
            ),
            ("/1.0/artist/{mbid}", "_1_0_artist_mbid", "1-0-artist-mbid"),
            (
                "/1.0/artist/{mbid}/",
                "_1_0_artist_mbid2",
                "1-0-artist-mbid2",
            ),
            ("Foo Bar", "foo_bar", "foo-bar"),
            ("foo-bar", "foo_bar_2", "foo-bar-2"),
            ("type", "type_", "type"),
            ("Type", "type_2", "type-2"),
            ("self", "self_", "self"),
            ("default", "default_2", "default-2"),
            ("all models", "all_models_2", "all-models-2"),
            ("Native TLS", "native_tls_2", "native-tls-2"),
            ("tracing", "tracing_2", "tracing-2"),
            ("untagged", "untagged_2", "untagged-2"),
            ("std", "std_2", "std-2"),
            ("serde", "serde_2", "serde-2"),
            ("CON", "con_2", "con-2"),
            ("日本", "value", "value"),
            ("🚀", "value_2", "value-2"),
            ("", "value_3", "value-3"),
        ];
        for (tag, module, feature) in cases {
            assert_eq!(
                named(tag),
                (module.to_owned(), feature.to_owned()),
                "{tag:?}"
            );
            assert!(is_cargo_feature(feature), "{feature:?}");
        }
    }

    #[test]
    fn names_made_from_other_names_are_camel_case() {
        assert_eq!(type_prefix("self"), "Self");
        assert_eq!(type_prefix("getTask"), "GetTask");
        assert_eq!(suffixed_type_name("Self_", "Arguments"), "SelfArguments");
        assert_eq!(suffixed_type_name("GetTask2", "Success"), "GetTask2Success");
        assert_eq!(credential_setter("type"), "api_key_type");
        assert_eq!(credential_setter("self"), "api_key_self");
        assert_eq!(credential_setter("2fa"), "api_key_2fa");
        assert_eq!(credential_setter("X-API-Key"), "api_key_x_api_key");
        let mut types = Scope::default();
        assert_eq!(types.claim(type_name("1st choice")), "_1stChoice");
        assert_eq!(types.claim(type_name("1st-choice")), "_1stChoice2");
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

    /// Cargo's rule for a feature's name: the first character XID_Start, an ASCII digit or `_`;
    /// each other one XID_Continue, `-`, `+` or `.`.
    fn is_cargo_feature(name: &str) -> bool {
        let mut chars = name.chars();
        chars
            .next()
            .is_some_and(|c| unicode_ident::is_xid_start(c) || c == '_' || c.is_ascii_digit())
            && chars.all(|c| unicode_ident::is_xid_continue(c) || matches!(c, '-' | '+' | '.'))
    }

    /// The name without `r#`, as the compiler's lints and the scope's uniqueness see it.
    fn bare(name: &str) -> &str {
        name.strip_prefix("r#").unwrap_or(name)
    }

    /// What `non_camel_case_types` accepts: past its leading and trailing `_`, a name that
    /// does not start with a lowercase letter, has no `__` and no `_` beside a cased letter.
    fn is_camel_case(name: &str) -> bool {
        let name: Vec<char> = bare(name).trim_matches('_').chars().collect();
        let cased = |c: char| c.is_uppercase() || c.is_lowercase();
        !name.first().is_some_and(|c| c.is_lowercase())
            && !name.windows(2).any(|w| {
                (w[0] == '_' && (w[1] == '_' || cased(w[1]))) || (w[1] == '_' && cased(w[0]))
            })
    }

    /// What `non_snake_case` accepts: past its leading and trailing `_`, no uppercase letter
    /// and no `__`.
    fn is_snake_case(name: &str) -> bool {
        let name = bare(name).trim_matches('_');
        !name.contains("__") && !name.chars().any(char::is_uppercase)
    }

    fn assert_ident(name: &str) {
        let ident: syn::Ident = syn::parse_str(name).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert_eq!(ident.to_string(), name);
    }

    fn assert_type_name(name: &str) {
        assert_ident(name);
        let ty: syn::Type = syn::parse_str(name).unwrap_or_else(|e| panic!("{name:?}: {e}"));
        assert!(
            matches!(&ty, syn::Type::Path(p) if p.qself.is_none() && p.path.is_ident(name)),
            "{name:?} is not a type's name"
        );
        assert!(is_camel_case(name), "{name:?} is not camel case");
    }

    fn assert_value_name(name: &str) {
        assert_ident(name);
        assert!(is_snake_case(name), "{name:?} is not snake case");
    }

    /// Spec text: any Unicode, text from real specs' tags, and the edges of the rules.
    fn spec_text() -> impl Strategy<Value = String> {
        prop_oneof![
            any::<String>(),
            "\\PC{0,12}",
            "[a-zA-Z0-9 _./{}-]{0,12}",
            "[A-Z]{0,3}s?[A-Za-z0-9]{0,3}",
            prop::sample::select(vec![
                "2FA",
                "1-Click Applications",
                "3. Improve your results",
                "16 day / daily Forecast",
                "/1.0/artist/{mbid}",
                "/1.0/artist/{mbid}/similar",
                "Foo Bar",
                "foo-bar",
                "floatingIPs",
                "IPsec",
                "self",
                "Self",
                "super",
                "crate",
                "type",
                "_",
                "",
                "!!!",
                "日本語",
                "🚀🚀",
                "default",
                "all-models",
                "rustls-ring",
                "native-tls",
                "tracing",
                "untagged",
                "std",
                "con",
            ])
            .prop_map(str::to_owned),
        ]
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        /// Every kind of name is valid for any text, and names claimed in one scope are
        /// distinct.
        #[test]
        fn every_name_is_valid_and_unique_in_its_scope(texts in prop::collection::vec(spec_text(), 1..8)) {
            let mut types = Scope::with_reserved(&["Nullable"]);
            let mut variants = Scope::default();
            let mut values = Scope::with_reserved(&["new"]);
            let mut modules = Scope::with_reserved(RESERVED_MODULES);
            let mut credentials = Scope::with_reserved(&["bearer_token", "basic_auth"]);
            let (mut claimed_types, mut claimed_variants, mut claimed_values) = (vec![], vec![], vec![]);
            let (mut claimed_modules, mut features, mut claimed_credentials) = (vec![], vec![], vec![]);
            for text in &texts {
                assert_type_name(&type_name(text));
                assert_type_name(&suffixed_type_name(&type_name(text), "Arguments"));
                assert_type_name(&format!("{}Request", type_prefix(text)));
                assert_type_name(&variant_name(text));
                assert_value_name(&value_name(text));
                claimed_types.push(types.claim(type_name(text)));
                claimed_variants.push(variants.claim(variant_name(text)));
                claimed_values.push(values.claim(value_name(text)));
                claimed_credentials.push(credentials.claim(credential_setter(text)));
                let module = modules.claim(module_name(text));
                features.push(feature_name(&module));
                claimed_modules.push(module);
            }
            for name in &claimed_types {
                assert_type_name(name);
            }
            for name in &claimed_variants {
                assert_type_name(name);
            }
            for name in claimed_values.iter().chain(&claimed_credentials) {
                assert_value_name(name);
            }
            for name in &claimed_modules {
                assert_value_name(name);
                prop_assert!(!name.starts_with("r#"), "module {:?} is raw", name);
            }
            for feature in &features {
                prop_assert!(is_cargo_feature(feature), "feature {:?}", feature);
                prop_assert!(
                    !["default", "all-models", "rustls", "rustls-ring", "native-tls", "tracing"]
                        .contains(&feature.as_str()),
                    "feature {:?} is the crate's own", feature
                );
            }
            let setters = setter_names(claimed_values.iter().map(String::as_str));
            for name in &setters {
                assert_value_name(name);
            }
            for names in [&claimed_types, &claimed_variants, &claimed_values, &claimed_modules, &features, &setters, &claimed_credentials] {
                let distinct: HashSet<&str> = names.iter().map(|n| bare(n)).collect();
                prop_assert_eq!(distinct.len(), names.len(), "{:?}", names);
            }
            prop_assert!(!setters.iter().any(|s| s == "new"));
        }
    }
}
