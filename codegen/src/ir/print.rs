//! The IR as compact text, one line per type, field, variant, parameter, response and
//! example: what the snapshots of the fixtures show and unit tests compare with. Docs are left
//! out (the generated code shows them); type references print as Rust spells them, with
//! `Map<T>` for a map of `String` keys and `JsonObject` for a JSON object.

use std::fmt::{self, Display, Formatter};

use super::{
    BodyContent, CredentialKind, ExampleCheck, ExampleOutcome, Field, FormPart, Ir, Operation,
    PageCursor, Paging, PagingRule, PagingSource, Param, PartKind, ResponseBody, StatusMatch,
    Success, Tagging, TypeDef, TypeKind, TypeRef, WebhookSource,
};

impl Display for Ir {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let api = &self.api;
        write!(f, "api {:?} {:?}", api.title, api.version)?;
        if let Some(url) = &api.default_base_url {
            write!(f, ", base URL {url}")?;
        }
        writeln!(f)?;
        let servers = api.server.iter().map(|s| ("server", s));
        let others = api
            .operation_servers
            .iter()
            .map(|s| ("operation server", s));
        for (what, server) in servers.chain(others) {
            write!(f, "{what} {}", server.url)?;
            for variable in &server.variables {
                write!(f, ", {{{}}} = {:?}", variable.name, variable.default)?;
                if !variable.allowed.is_empty() {
                    write!(f, " of {:?}", variable.allowed)?;
                }
            }
            writeln!(f, " ({})", server.source)?;
        }
        for credential in &api.credentials {
            let kind = match &credential.kind {
                CredentialKind::Bearer => "bearer".to_owned(),
                CredentialKind::Basic => "basic".to_owned(),
                CredentialKind::ApiKey {
                    location,
                    wire_name,
                } => format!("{location:?} {wire_name:?}"),
            };
            writeln!(
                f,
                "credential {}: {kind}, for {}",
                credential.setter,
                credential.schemes.join(", ")
            )?;
        }
        for def in &self.types {
            def.print(self, f)?;
        }
        for op in &self.operations {
            op.print(self, f)?;
        }
        for variant in &self.error_bodies {
            writeln!(
                f,
                "error body {}({})",
                variant.name,
                variant.ty.display(self)
            )?;
        }
        for example in &self.examples {
            example.print(self, f)?;
        }
        for webhook in &self.webhooks {
            let payload = webhook.payload.as_ref().map_or_else(
                || "no payload".to_owned(),
                |ty| ty.display(self).to_string(),
            );
            let source = match &webhook.source {
                WebhookSource::Webhook { name } => format!("webhook {name}"),
                WebhookSource::Callback {
                    operation,
                    name,
                    expression,
                } => format!("callback {name} of {operation} at {expression}"),
            };
            writeln!(
                f,
                "{source}: {} with {payload} ({})",
                webhook.method.as_str(),
                webhook.pointer
            )?;
        }
        Ok(())
    }
}

impl TypeRef {
    /// The type as Rust spells it, named types by their names in `ir`.
    pub fn display<'a>(&'a self, ir: &'a Ir) -> impl Display + 'a {
        DisplayType { ty: self, ir }
    }
}

struct DisplayType<'a> {
    ty: &'a TypeRef,
    ir: &'a Ir,
}

impl Display for DisplayType<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        let inner = |ty| DisplayType { ty, ir: self.ir };
        let wrapped = |f: &mut Formatter<'_>, name: &str, ty: &TypeRef| {
            write!(f, "{name}<{}>", DisplayType { ty, ir: self.ir })
        };
        match self.ty {
            TypeRef::Scalar(scalar) => f.write_str(scalar.name()),
            TypeRef::Value => f.write_str("Value"),
            TypeRef::JsonObject => f.write_str("JsonObject"),
            TypeRef::Vec(ty) => wrapped(f, "Vec", ty),
            TypeRef::Map(ty) => wrapped(f, "Map", ty),
            TypeRef::Option(ty) => wrapped(f, "Option", ty),
            TypeRef::Nullable(ty) => wrapped(f, "Nullable", ty),
            TypeRef::Box(ty) => wrapped(f, "Box", ty),
            TypeRef::Tuple(items) => {
                f.write_str("(")?;
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{}", inner(item))?;
                }
                f.write_str(")")
            }
            TypeRef::Named(id) => match self.ir.types.get(id.0) {
                Some(def) => f.write_str(&def.name),
                None => write!(f, "#{}", id.0),
            },
        }
    }
}

/// ` as "wire"` when the Rust name is not the wire name.
fn wire(name: &str, wire: &str) -> String {
    if name.trim_start_matches("r#") == wire {
        String::new()
    } else {
        format!(" as {wire:?}")
    }
}

impl TypeDef {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        let name = &self.name;
        let at = &self.source;
        match &self.kind {
            TypeKind::Struct(s) => {
                writeln!(f, "struct {name} ({at})")?;
                for field in &s.fields {
                    field.print(ir, f)?;
                }
                if let Some(extra) = &s.additional {
                    writeln!(
                        f,
                        "  {}: undeclared properties of {}",
                        extra.name,
                        extra.value.display(ir)
                    )?;
                }
            }
            TypeKind::Enum(e) => {
                writeln!(f, "enum {name} ({at})")?;
                for variant in &e.variants {
                    writeln!(f, "  {} = {:?}", variant.name, variant.value)?;
                }
                writeln!(f, "  {}(other values)", e.other_variant)?;
            }
            TypeKind::Union(u) => {
                let tagging = match &u.tagging {
                    Tagging::Internal { tag } => format!("tagged by {tag:?}"),
                    Tagging::External => "externally tagged".to_owned(),
                    Tagging::Untagged => "untagged".to_owned(),
                };
                writeln!(f, "union {name}, {tagging} ({at})")?;
                for variant in &u.variants {
                    match &variant.wire_name {
                        Some(wire) => writeln!(
                            f,
                            "  {} = {wire:?}: {}",
                            variant.name,
                            variant.payload.display(ir)
                        )?,
                        None => writeln!(f, "  {}: {}", variant.name, variant.payload.display(ir))?,
                    }
                }
                if let Some(unknown) = &u.unknown_variant {
                    writeln!(f, "  {unknown}(other values)")?;
                }
            }
            TypeKind::Newtype(ty) => writeln!(f, "newtype {name}({}) ({at})", ty.display(ir))?,
            TypeKind::Const(json) => writeln!(f, "const {name} = {json} ({at})")?,
            TypeKind::Alias(ty) => writeln!(f, "alias {name} = {} ({at})", ty.display(ir))?,
        }
        Ok(())
    }
}

impl Field {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        if self.flatten {
            return writeln!(f, "  {}: {}, flattened", self.name, self.ty.display(ir));
        }
        write!(
            f,
            "  {}{}: {}",
            self.name,
            wire(&self.name, &self.wire_name),
            self.ty.display(ir)
        )?;
        if self.optional {
            f.write_str(", optional")?;
        }
        writeln!(f)
    }
}

impl Operation {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "operation {}: {} {} ({})",
            self.name,
            self.method.as_str(),
            self.path,
            self.source
        )?;
        writeln!(
            f,
            "  builder {}, arguments {}",
            self.builder, self.arguments
        )?;
        if !ir.api.credentials.is_empty() {
            let alternatives: Vec<String> = self
                .security
                .iter()
                .map(|set| {
                    let names: Vec<&str> = set
                        .iter()
                        .map(|&c| ir.api.credentials[c].setter.as_str())
                        .collect();
                    names.join(" + ")
                })
                .collect();
            let security = if alternatives.is_empty() {
                "none".to_owned()
            } else {
                alternatives.join(" | ")
            };
            writeln!(f, "  security: {security}")?;
        }
        if let Some(server) = self.server {
            writeln!(f, "  server {}", ir.api.operation_servers[server].url)?;
        }
        let controls = &self.controls;
        if (
            controls.extra_header.as_str(),
            controls.request_timeout.as_str(),
        ) != ("extra_header", "request_timeout")
        {
            writeln!(
                f,
                "  per request: {}, {}",
                controls.extra_header, controls.request_timeout
            )?;
        }
        for param in &self.params {
            param.print(ir, f)?;
        }
        if let Some(body) = &self.body {
            let required = if body.required {
                "required"
            } else {
                "optional"
            };
            match &body.content {
                BodyContent::Json { name, ty } => {
                    writeln!(f, "  body {name}: {}, JSON, {required}", ty.display(ir))?
                }
                BodyContent::Form { name, ty } => {
                    writeln!(f, "  body {name}: {}, form, {required}", ty.display(ir))?
                }
                BodyContent::Raw { name } => writeln!(f, "  body {name}: raw, {required}")?,
                BodyContent::Multipart(parts) => {
                    writeln!(f, "  body: multipart, {required}")?;
                    for part in parts {
                        part.print(ir, f)?;
                    }
                }
            }
            writeln!(f, "    sent as {:?}", body.media_type)?;
        }
        match &self.responses.success {
            Success::One(body) => writeln!(f, "  returns {}", Body(body, ir))?,
            Success::Several { name, variants } => {
                writeln!(f, "  returns {name}")?;
                for variant in variants {
                    writeln!(
                        f,
                        "    {}: {} {}",
                        variant.name,
                        Status(variant.status),
                        Body(&variant.body, ir)
                    )?;
                }
            }
        }
        for error in &self.responses.errors {
            writeln!(f, "  error {} {}", Status(error.status), error.variant)?;
        }
        for error in &self.responses.declared_errors {
            if error.variant.is_none() {
                writeln!(f, "  error {} without a typed body", Status(error.status))?;
            }
        }
        if let Some(accept) = &self.responses.accept {
            writeln!(f, "  accepts {accept:?}")?;
        }
        for omission in &self.omissions {
            writeln!(f, "  left out: {omission}")?;
        }
        if let Some(paging) = &self.paging {
            paging.print(ir, f)?;
        }
        Ok(())
    }
}

impl Paging {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        let rule = match &self.rule {
            PagingRule::LinkHeader => "the Link header's next URL".to_owned(),
            PagingRule::Cursor {
                has_more,
                param,
                cursor,
            } => {
                let cursor = match cursor {
                    PageCursor::LastItem(field) => format!("the last item's {field}"),
                    PageCursor::LastItemProperty(name) => {
                        format!("the last item's JSON {name:?}")
                    }
                    PageCursor::BodyField(field) => field.clone(),
                };
                format!("{param} = {cursor} while {has_more}")
            }
            PagingRule::Token { token_field, param } => format!("{param} = {token_field}"),
            PagingRule::NextLink { next_field } => format!("the URL in {next_field}"),
        };
        let items = self.items.as_deref().unwrap_or("the body");
        let source = match &self.source {
            PagingSource::Inferred => "inferred".to_owned(),
            PagingSource::Extension(at) => format!("stated at {at}"),
        };
        writeln!(
            f,
            "  pages: {} items in {items}, next page: {rule} ({source})",
            self.item.display(ir)
        )
    }
}

impl Param {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "  {:?} {}{}: {}, {:?}",
            self.location,
            self.name,
            wire(&self.name, &self.wire_name),
            self.ty.display(ir),
            self.style
        )?;
        if self.explode {
            f.write_str(", explode")?;
        }
        if !self.required {
            f.write_str(", optional")?;
        }
        writeln!(f)
    }
}

impl FormPart {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        let kind = match &self.kind {
            PartKind::File => "file".to_owned(),
            PartKind::Files => "files".to_owned(),
            PartKind::Value(ty) => ty.display(ir).to_string(),
        };
        write!(
            f,
            "    part {}{}: {kind}",
            self.name,
            wire(&self.name, &self.wire_name)
        )?;
        if !self.required {
            f.write_str(", optional")?;
        }
        writeln!(f)
    }
}

struct Status(StatusMatch);

impl Display for Status {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            StatusMatch::Code(code) => write!(f, "{code}"),
            StatusMatch::Range(digit) => write!(f, "{digit}XX"),
            StatusMatch::Default => f.write_str("default"),
        }
    }
}

struct Body<'a>(&'a ResponseBody, &'a Ir);

impl Display for Body<'_> {
    fn fmt(&self, f: &mut Formatter<'_>) -> fmt::Result {
        match self.0 {
            ResponseBody::Empty => f.write_str("nothing"),
            ResponseBody::Json(ty) => write!(f, "JSON {}", ty.display(self.1)),
            ResponseBody::Text => f.write_str("text"),
            ResponseBody::Bytes => f.write_str("bytes"),
        }
    }
}

impl ExampleCheck {
    fn print(&self, ir: &Ir, f: &mut Formatter<'_>) -> fmt::Result {
        let outcome = match &self.outcome {
            ExampleOutcome::Tested(test) => format!("tested by {test}"),
            ExampleOutcome::Unfit(reason) => format!("unfit: {reason}"),
            ExampleOutcome::Certain => "round-trips whenever it fits".to_owned(),
        };
        writeln!(
            f,
            "example {} ({}): {}, {outcome}",
            self.json,
            self.source,
            self.ty.display(ir)
        )
    }
}
