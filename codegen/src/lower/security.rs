//! Security: the spec's security schemes as the credentials the client takes, and each
//! operation's requirements as alternatives of those credentials.
//!
//! Bearer-like schemes (HTTP `bearer`, `oauth2`, `openIdConnect`) share one credential, the
//! bearer token, as HTTP basic schemes share one; each `apiKey` scheme is a credential of its
//! own. A scheme the client cannot send (another HTTP scheme, `mutualTLS`) is a warning, and an
//! alternative that needs it, or names no declared scheme, is never chosen.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::ir::{Credential, CredentialKind, ParamLocation, Security};
use crate::members::Member;
use crate::naming::{Scope, credential_setter, type_name};
use crate::pointer::Pointer;
use crate::resolve::follow_references;

/// A security requirement as the spec writes it: alternatives, each the names of the schemes
/// it needs together.
pub(crate) type Requirements = Vec<Vec<String>>;

/// The `security` of a node (the document or an operation), if it has one.
pub(crate) fn read_requirements(node: &Value) -> Option<Requirements> {
    let Value::Array(alternatives) = node.field("security")? else {
        return None;
    };
    Some(
        alternatives
            .iter()
            .map(|alternative| match alternative {
                Value::Object(schemes) => schemes.keys().cloned().collect(),
                _ => Vec::new(),
            })
            .collect(),
    )
}

/// The credentials the client takes, and each operation's security (in the order of
/// `operations`, each its own requirements if it has any).
pub(crate) struct Plan {
    pub(crate) credentials: Vec<Credential>,
    pub(crate) operations: Vec<Security>,
}

/// How a declared scheme is sent, before credentials are merged.
struct Scheme {
    name: String,
    source: Pointer,
    kind: CredentialKind,
}

pub(crate) fn plan<'a>(
    root: &Value,
    operations: impl Iterator<Item = Option<&'a Requirements>>,
    diagnostics: &mut Vec<Diagnostic>,
) -> Plan {
    let (schemes, unsendable) = read_schemes(root, diagnostics);
    let top = read_requirements(root);
    let operations: Vec<Option<&Requirements>> = operations.collect();
    // A spec that declares schemes but requires none anywhere: every operation takes any one.
    let anywhere = top.is_some() || operations.iter().any(Option::is_some);
    let fallback: Requirements = schemes.iter().map(|s| vec![s.name.clone()]).collect();
    let default = match (&top, anywhere) {
        (Some(top), _) => top,
        (None, true) => &Vec::new(),
        (None, false) => &fallback,
    };
    let requirements: Vec<&Requirements> = operations
        .iter()
        .map(|own| own.unwrap_or(default))
        .collect();
    // Each alternative as indices of `schemes`; one naming an unknown scheme is dropped.
    let mut unknown = Vec::new();
    let resolved: Vec<Vec<Vec<usize>>> = requirements
        .iter()
        .map(|alternatives| {
            alternatives
                .iter()
                .filter_map(|names| {
                    names
                        .iter()
                        .map(|name| {
                            let found = schemes.iter().position(|s| &s.name == name);
                            let said = unknown.contains(name) || unsendable.contains(name);
                            if found.is_none() && !said {
                                unknown.push(name.clone());
                            }
                            found
                        })
                        .collect::<Option<Vec<usize>>>()
                })
                .collect()
        })
        .collect();
    for name in unknown {
        diagnostics.push(Diagnostic::warning(
            Pointer::root().join("components").join("securitySchemes"),
            format!(
                "a security requirement names the scheme `{name}`, which is not declared; \
                 requirements that need it are never met"
            ),
        ));
    }
    let used: Vec<bool> = (0..schemes.len())
        .map(|i| resolved.iter().flatten().flatten().any(|&s| s == i))
        .collect();
    let (credentials, credential_of) = credentials(&schemes, &used);
    let operations = resolved
        .into_iter()
        .map(|alternatives| {
            alternatives
                .into_iter()
                .map(|schemes| {
                    let mut set: Vec<usize> = Vec::new();
                    for scheme in schemes {
                        let credential = credential_of[scheme].expect("a used scheme");
                        if !set.contains(&credential) {
                            set.push(credential);
                        }
                    }
                    set
                })
                .collect()
        })
        .collect();
    Plan {
        credentials,
        operations,
    }
}

/// The credentials of the used schemes, in the order of their first scheme, and for each
/// scheme its credential.
fn credentials(schemes: &[Scheme], used: &[bool]) -> (Vec<Credential>, Vec<Option<usize>>) {
    let api_keys = schemes
        .iter()
        .zip(used)
        .filter(|(s, used)| **used && matches!(s.kind, CredentialKind::ApiKey { .. }))
        .count();
    let mut setters = Scope::with_reserved(&["bearer_token", "basic_auth"]);
    let mut variants = Scope::default();
    let mut credentials: Vec<Credential> = Vec::new();
    let mut credential_of = Vec::new();
    for (scheme, used) in schemes.iter().zip(used) {
        if !used {
            credential_of.push(None);
            continue;
        }
        let shared = credentials.iter().position(|c| {
            !matches!(c.kind, CredentialKind::ApiKey { .. }) && c.kind == scheme.kind
        });
        if let Some(index) = shared {
            credentials[index].schemes.push(scheme.name.clone());
            credential_of.push(Some(index));
            continue;
        }
        let setter = match &scheme.kind {
            CredentialKind::Bearer => "bearer_token".to_owned(),
            CredentialKind::Basic => "basic_auth".to_owned(),
            CredentialKind::ApiKey { .. } if api_keys == 1 => setters.claim("api_key".to_owned()),
            CredentialKind::ApiKey { .. } => setters.claim(credential_setter(&scheme.name)),
        };
        credential_of.push(Some(credentials.len()));
        credentials.push(Credential {
            variant: variants.claim(type_name(&setter)),
            setter,
            kind: scheme.kind.clone(),
            schemes: vec![scheme.name.clone()],
            source: scheme.source.clone(),
        });
    }
    (credentials, credential_of)
}

/// The declared schemes the client can send, in spec order, and the names of the others, each
/// a warning.
fn read_schemes(root: &Value, diagnostics: &mut Vec<Diagnostic>) -> (Vec<Scheme>, Vec<String>) {
    let at = Pointer::root().join("components").join("securitySchemes");
    let Some(components) = Member::Components.of(root) else {
        return (Vec::new(), Vec::new());
    };
    let mut out = Vec::new();
    let mut unsendable = Vec::new();
    for (name, scheme) in Member::SecuritySchemes.entries(components) {
        let (scheme, source) = match follow_references(root, scheme, at.join(name.as_str())) {
            Ok(found) => found,
            Err(unusable) => {
                unsendable.push(name.clone());
                diagnostics.push(unusable.with_consequence(
                    "the scheme is left out, and security requirements that need it are never met",
                ));
                continue;
            }
        };
        let text = |key: &str| scheme.get(key).and_then(Value::as_str).unwrap_or_default();
        let kind = match text("type") {
            "http" if text("scheme").eq_ignore_ascii_case("bearer") => Ok(CredentialKind::Bearer),
            "http" if text("scheme").eq_ignore_ascii_case("basic") => Ok(CredentialKind::Basic),
            "oauth2" | "openIdConnect" => Ok(CredentialKind::Bearer),
            "apiKey" => {
                let location = match text("in") {
                    "header" => Some(ParamLocation::Header),
                    "query" => Some(ParamLocation::Query),
                    "cookie" => Some(ParamLocation::Cookie),
                    _ => None,
                };
                let wire_name = text("name");
                match (location, wire_name) {
                    (Some(ParamLocation::Header | ParamLocation::Cookie), _)
                        if !is_token(wire_name) =>
                    {
                        Err(format!(
                            "the API key's name `{wire_name}` cannot name a header or cookie"
                        ))
                    }
                    (Some(location), wire_name) if !wire_name.is_empty() => {
                        Ok(CredentialKind::ApiKey {
                            location,
                            wire_name: wire_name.to_owned(),
                        })
                    }
                    _ => Err(
                        "an `apiKey` scheme needs `in` (header, query or cookie) and `name`"
                            .to_owned(),
                    ),
                }
            }
            "http" => Err(format!(
                "the HTTP scheme `{}` is not one the client sends (bearer and basic are)",
                text("scheme")
            )),
            other => Err(format!(
                "the scheme type `{other}` is not one the client sends"
            )),
        };
        match kind {
            Ok(kind) => out.push(Scheme {
                name: name.clone(),
                source,
                kind,
            }),
            Err(why) => {
                unsendable.push(name.clone());
                diagnostics.push(Diagnostic::warning(
                    source,
                    format!("{why}; security requirements that need it are never met"),
                ));
            }
        }
    }
    (out, unsendable)
}

/// Whether `name` is an HTTP token (RFC 9110, section 5.6.2), as header and cookie names are.
fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn planned(root: Value, operations: &[Option<Requirements>]) -> (Plan, Vec<Diagnostic>) {
        let mut diagnostics = Vec::new();
        let plan = plan(
            &root,
            operations.iter().map(Option::as_ref),
            &mut diagnostics,
        );
        (plan, diagnostics)
    }

    #[test]
    fn schemes_become_credentials_and_requirements_alternatives() {
        let root = json!({
            "security": [{"bearer": []}],
            "components": {"securitySchemes": {
                "bearer": {"type": "http", "scheme": "bearer"},
                "oauth": {"type": "oauth2", "flows": {}},
                "basic": {"type": "http", "scheme": "basic"},
                "header-key": {"type": "apiKey", "in": "header", "name": "X-Key"},
                "queryKey": {"type": "apiKey", "in": "query", "name": "key"},
                "unused": {"type": "apiKey", "in": "cookie", "name": "c"},
                "digest": {"type": "http", "scheme": "digest"},
                "spaced": {"type": "apiKey", "in": "header", "name": "X Key"},
            }},
        });
        let own = |alternatives: &[&[&str]]| {
            Some(
                alternatives
                    .iter()
                    .map(|names| names.iter().map(|n| (*n).to_owned()).collect())
                    .collect(),
            )
        };
        let (plan, warnings) = planned(
            root,
            &[
                None,
                own(&[]),
                own(&[&["basic"], &["header-key", "queryKey"], &["oauth"]]),
                own(&[&["digest"], &["missing"]]),
            ],
        );
        let setters: Vec<&str> = plan.credentials.iter().map(|c| c.setter.as_str()).collect();
        assert_eq!(
            setters,
            [
                "bearer_token",
                "basic_auth",
                "api_key_header_key",
                "api_key_query_key"
            ]
        );
        assert_eq!(plan.credentials[0].schemes, ["bearer", "oauth"]);
        assert_eq!(
            plan.operations,
            [
                vec![vec![0]],
                vec![],
                vec![vec![1], vec![2, 3], vec![0]],
                vec![],
            ]
        );
        // The digest scheme, the header name with a space, and the requirement naming no
        // scheme the client sends.
        assert_eq!(warnings.len(), 3, "{warnings:?}");
    }

    #[test]
    fn without_requirements_any_one_scheme_will_do_and_a_lone_key_is_api_key() {
        let root = json!({"components": {"securitySchemes": {
            "k": {"type": "apiKey", "in": "cookie", "name": "session"},
            "b": {"type": "http", "scheme": "Bearer"},
        }}});
        let (plan, warnings) = planned(root, &[None]);
        assert!(warnings.is_empty());
        assert_eq!(plan.credentials[0].setter, "api_key");
        assert_eq!(plan.operations, [vec![vec![0], vec![1]]]);
    }
}
