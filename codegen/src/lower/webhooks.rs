//! Webhooks (3.1 `webhooks`) and callbacks (an operation's `callbacks`): requests the API sends
//! to the user rather than receives. The client sends none of them, but a user who receives one
//! needs the type of its payload: each payload schema becomes a model, listed in the crate docs.

use serde_json::Value;

use crate::diagnostics::Diagnostic;
use crate::fields::Fields;
use crate::ir::{Method, Webhook, WebhookSource};
use crate::lower::operations::json_body_schema;
use crate::lower::types::{TypeLowerer, docs};
use crate::members::{self, Member};
use crate::naming::type_name;
use crate::normalize::SchemaDocs;
use crate::pointer::Pointer;
use crate::resolve::follow_references;

/// A webhook or callback request, as read from the spec.
#[derive(Clone, Debug)]
pub(crate) struct SpecWebhook {
    source: WebhookSource,
    method: Method,
    pointer: Pointer,
    /// The JSON payload's schema, if the request has one.
    payload: Option<Pointer>,
    docs: SchemaDocs,
}

impl SpecWebhook {
    pub(crate) fn payload(&self) -> Option<Pointer> {
        self.payload.clone()
    }
}

/// Reads the spec's webhooks, then each operation's callbacks, in spec order. A part that
/// cannot be read is a warning and is left out.
pub(crate) fn collect(root: &Value, diagnostics: &mut Vec<Diagnostic>) -> Vec<SpecWebhook> {
    let mut found = Vec::new();
    let webhooks_at = Pointer::root().join("webhooks");
    for (name, item) in Member::Webhooks.entries(root) {
        let source = WebhookSource::Webhook { name: name.clone() };
        read_path_item(
            root,
            item,
            webhooks_at.join(name.as_str()),
            &source,
            &mut found,
            diagnostics,
        );
    }
    let paths_at = Pointer::root().join("paths");
    for (path, item) in Member::Paths.entries(root) {
        let Ok((item, item_at)) = follow_references(root, item, paths_at.join(path.as_str()))
        else {
            // Reported where the operations are read.
            continue;
        };
        for method in Method::ALL {
            let key = method.as_str().to_ascii_lowercase();
            let Some(Ok((operation, at))) = members::operation(item, method)
                .map(|operation| follow_references(root, operation, item_at.join(&key)))
            else {
                continue;
            };
            let operation_name = operation
                .field("operationId")
                .and_then(Value::as_str)
                .map_or_else(|| format!("{key} {path}"), str::to_owned);
            for (name, callback) in Member::Callbacks.entries(operation) {
                let callback_at = at.join("callbacks").join(name.as_str());
                let (callback, callback_at) = match follow_references(root, callback, callback_at) {
                    Ok(found) => found,
                    Err(unusable) => {
                        diagnostics.push(unusable.with_consequence("no payload type is generated"));
                        continue;
                    }
                };
                for (expression, item) in Member::Expressions.entries(callback) {
                    let source = WebhookSource::Callback {
                        operation: operation_name.clone(),
                        name: name.clone(),
                        expression: expression.clone(),
                    };
                    read_path_item(
                        root,
                        item,
                        callback_at.join(expression.as_str()),
                        &source,
                        &mut found,
                        diagnostics,
                    );
                }
            }
        }
    }
    found
}

fn read_path_item(
    root: &Value,
    item: &Value,
    at: Pointer,
    source: &WebhookSource,
    found: &mut Vec<SpecWebhook>,
    diagnostics: &mut Vec<Diagnostic>,
) {
    let (item, item_at) = match follow_references(root, item, at) {
        Ok(found) => found,
        Err(unusable) => {
            diagnostics.push(unusable.with_consequence("no payload type is generated"));
            return;
        }
    };
    for method in Method::ALL {
        let key = method.as_str().to_ascii_lowercase();
        let Some(operation) = members::operation(item, method) else {
            continue;
        };
        let (operation, at) = match follow_references(root, operation, item_at.join(&key)) {
            Ok(found) => found,
            Err(unusable) => {
                diagnostics.push(unusable.with_consequence("no payload type is generated"));
                continue;
            }
        };
        let payload = match Member::RequestBody.of(operation) {
            Some(body) => match json_body_schema(root, body, &at.join("requestBody")) {
                Ok(schema) => schema,
                Err(unusable) => {
                    diagnostics.push(unusable.with_consequence("no payload type is generated"));
                    None
                }
            },
            None => None,
        };
        let text = |key: &str| {
            operation
                .get(key)
                .and_then(Value::as_str)
                .map(str::to_owned)
        };
        found.push(SpecWebhook {
            source: source.clone(),
            method,
            pointer: at,
            payload,
            docs: SchemaDocs {
                title: text("summary"),
                description: text("description"),
                deprecated: operation.field("deprecated") == Some(&Value::Bool(true)),
                ..SchemaDocs::default()
            },
        });
    }
}

/// Types each webhook's payload: a referenced component keeps its name, an inline schema is
/// named after the webhook (`keyRotated` → `KeyRotatedPayload`) or the operation and callback.
pub(crate) fn lower(webhooks: &[SpecWebhook], types: &mut TypeLowerer<'_>) -> Vec<Webhook> {
    webhooks
        .iter()
        .map(|webhook| {
            let hint = match &webhook.source {
                WebhookSource::Webhook { name } => format!("{}Payload", type_name(name)),
                WebhookSource::Callback {
                    operation, name, ..
                } => format!("{}{}Payload", type_name(operation), type_name(name)),
            };
            let payload =
                webhook
                    .payload
                    .as_ref()
                    .map(|schema| match types.type_of(schema, &hint) {
                        crate::ir::TypeRef::Option(inner) => *inner,
                        ty => ty,
                    });
            Webhook {
                source: webhook.source.clone(),
                method: webhook.method,
                pointer: webhook.pointer.clone(),
                payload,
                docs: docs(&webhook.docs),
            }
        })
        .collect()
}
