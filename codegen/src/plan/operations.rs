//! The plan of each operation's Rust surface: the members its method and builder take, the
//! type each is taken as, and what awaiting the builder gives. Emission prints these and the
//! API summary lists them; neither decides them.

use crate::analysis::requests::{self, Request};
use crate::ir::{BodyContent, Ir, Operation, PartKind, ResponseBody, Scalar, Success, TypeRef};
use crate::naming::Scope;
use crate::plan::spelling::{Site, type_text};
use crate::pointer::Pointer;

/// One operation's surface.
#[derive(Clone, Debug, PartialEq)]
pub struct OperationPlan {
    /// The builder's members in the order the method takes the required ones as arguments and
    /// the builder declares them.
    pub members: Vec<MemberPlan>,
    /// What awaiting the builder gives.
    pub output: Output,
    /// The builder's streams of pages and items, for an operation walked page by page.
    pub paging: Option<PagingPlan>,
    /// The builder's members that send the request and stream the response instead:
    /// `events()` where a response offers server-sent events beside its body, and
    /// `bytes_stream()`, which every builder has.
    pub streams: Vec<StreamPlan>,
}

/// The streams of a paged operation's builder: `items()` of every page's items, `pages()` of
/// each page's body.
#[derive(Clone, Debug, PartialEq)]
pub struct PagingPlan {
    /// The builder's method giving the items (`items`, numbered if a member takes the name).
    pub items: String,
    /// The builder's method giving the pages (`pages`, likewise).
    pub pages: String,
    /// An item's type: `items()` gives an `Items` stream of it.
    pub item: TypeRef,
    /// A page's type, the success body: `pages()` gives a `Pages` stream of it.
    pub page: TypeRef,
}

impl PagingPlan {
    /// The types of the two streams at `site`: `items()`'s, then `pages()`'s.
    pub(crate) fn spelled(&self, ir: &Ir, site: Site) -> (String, String) {
        let prefix = match site {
            Site::Module(_) => "crate::client::",
            Site::Caller => "",
        };
        (
            format!("{prefix}Items<{}>", type_text(ir, &self.item, site)),
            format!("{prefix}Pages<{}>", type_text(ir, &self.page, site)),
        )
    }
}

/// A builder member that sends the request and gives the response body as a stream.
#[derive(Clone, Debug, PartialEq)]
pub struct StreamPlan {
    /// The member's name (reserved among the builder's members: no parameter takes it).
    pub name: &'static str,
    pub kind: StreamKind,
    /// The spec node it comes from: the operation's responses.
    pub source: Pointer,
}

#[derive(Clone, Debug, PartialEq)]
pub enum StreamKind {
    /// `EventStream<T>`, sent with `Accept: text/event-stream`.
    Events(TypeRef),
    /// `ByteStream`: the body's bytes as they arrive, with no size limit.
    Bytes,
}

impl StreamKind {
    /// The stream's type at `site`.
    pub(crate) fn spelled(&self, ir: &Ir, site: Site) -> String {
        match self {
            StreamKind::Events(ty) => events_text(ir, ty, site),
            StreamKind::Bytes if matches!(site, Site::Module(_)) => {
                "crate::client::ByteStream".to_owned()
            }
            StreamKind::Bytes => "ByteStream".to_owned(),
        }
    }
}

/// `EventStream<T>` at `site`: in full inside the crate.
fn events_text(ir: &Ir, ty: &TypeRef, site: Site) -> String {
    let data = type_text(ir, ty, site);
    match site {
        Site::Module(_) => format!("crate::client::EventStream<{data}>"),
        Site::Caller => format!("EventStream<{data}>"),
    }
}

/// One input of an operation: an argument of its method when required, a setter of its
/// builder otherwise.
#[derive(Clone, Debug, PartialEq)]
pub struct MemberPlan {
    /// What the member sends, as the analysis orders them.
    pub member: requests::Member,
    pub name: String,
    pub required: bool,
    pub taken: Taken,
    /// The spec node the member comes from.
    pub source: Pointer,
}

/// How a member is taken by the method or its setter, and kept by the builder.
#[derive(Clone, Debug, PartialEq)]
pub enum Taken {
    /// A value sent through serde, taken and kept as its type.
    Value(TypeRef),
    /// A required string, borrowed for the builder's life (`&'a str`).
    Str,
    /// An optional string, taken as `impl Into<String>` and kept as `String`.
    IntoString,
    /// A JSON or form body, borrowed for the builder's life.
    Borrowed(TypeRef),
    /// A body sent as it is: anything that converts into the HTTP stack's body.
    RawBody,
    /// One file of a multipart form.
    File,
    /// Several files of a multipart form, under one name.
    Files,
}

impl Taken {
    /// The type the member is taken as at `site`, and, when the builder keeps it as another
    /// (`impl Into<String>` kept as `String`), the type it is kept as. Inside the crate a
    /// borrow lives as long as the builder (`'a`); a caller writes it without the lifetime.
    pub(crate) fn spelled(&self, ir: &Ir, site: Site) -> (String, Option<String>) {
        let inside = matches!(site, Site::Module(_));
        let borrow = if inside { "&'a " } else { "&" };
        match self {
            Taken::Value(ty) => (type_text(ir, ty, site), None),
            Taken::Str => (format!("{borrow}str"), None),
            Taken::IntoString => (
                "impl Into<String>".to_owned(),
                inside.then(|| type_text(ir, &TypeRef::Scalar(Scalar::String), site)),
            ),
            Taken::Borrowed(ty) => (format!("{borrow}{}", type_text(ir, ty, site)), None),
            Taken::RawBody if inside => (
                "impl Into<::reqwest::Body>".to_owned(),
                Some("::reqwest::Body".to_owned()),
            ),
            Taken::RawBody => ("impl Into<reqwest::Body>".to_owned(), None),
            Taken::File if inside => ("crate::client::FilePart".to_owned(), None),
            Taken::File => ("FilePart".to_owned(), None),
            Taken::Files if inside => ("Vec<crate::client::FilePart>".to_owned(), None),
            Taken::Files => ("Vec<FilePart>".to_owned(), None),
        }
    }
}

/// What awaiting an operation's builder gives.
#[derive(Clone, Debug, PartialEq)]
pub enum Output {
    /// The one success body, of this type (`()` when it has none).
    Body(TypeRef),
    /// The success enum of this name, in the operations module: one variant per status.
    Several(String),
    /// Server-sent events, each event's `data` of this type (`EventStream<T>`).
    Events(TypeRef),
}

impl Output {
    /// The output's type at `site`; a caller names the enum through `operations::`.
    pub(crate) fn spelled(&self, ir: &Ir, site: Site) -> String {
        match (self, site) {
            (Output::Body(ty), _) => type_text(ir, ty, site),
            (Output::Events(ty), _) => events_text(ir, ty, site),
            (Output::Several(name), Site::Module(_)) => name.clone(),
            (Output::Several(name), Site::Caller) => format!("operations::{name}"),
        }
    }
}

/// A response body's type: `()`, the decoded JSON's, `String` or `Vec<u8>`; `None` for
/// events, whose stream is no type of the spec's (see `body_text`).
pub fn body_type(body: &ResponseBody) -> Option<TypeRef> {
    match body {
        ResponseBody::Empty => Some(TypeRef::Tuple(Vec::new())),
        ResponseBody::Json(ty) => Some(ty.clone()),
        ResponseBody::Text => Some(TypeRef::Scalar(Scalar::String)),
        ResponseBody::Bytes => Some(TypeRef::Vec(Box::new(TypeRef::Scalar(Scalar::U8)))),
        ResponseBody::Events(_) => None,
    }
}

/// A response body's type at `site`, events included (`EventStream<T>`).
pub(crate) fn body_text(ir: &Ir, body: &ResponseBody, site: Site) -> String {
    match (body, body_type(body)) {
        (_, Some(ty)) => type_text(ir, &ty, site),
        (ResponseBody::Events(ty), None) => events_text(ir, ty, site),
        (_, None) => "()".to_owned(),
    }
}

/// Plans one operation, whose request the analysis has put together.
pub fn operation(op: &Operation, request: &Request) -> OperationPlan {
    let members: Vec<MemberPlan> = request
        .members
        .iter()
        .filter_map(|&member| member_plan(op, member))
        .collect();
    let output = match &op.responses.success {
        Success::One(ResponseBody::Events(ty)) => Output::Events(ty.clone()),
        Success::One(body) => Output::Body(body_type(body).unwrap_or(TypeRef::Tuple(Vec::new()))),
        Success::Several { name, .. } => Output::Several(name.clone()),
    };
    let paging = match (&op.paging, &output) {
        (Some(paging), Output::Body(page)) => {
            // After the builder's other methods, so that a parameter keeps its name.
            let mut names = Scope::with_reserved(&["send", "send_with_response", "poll"]);
            for member in &members {
                names.claim(member.name.clone());
            }
            names.claim(op.controls.extra_header.clone());
            names.claim(op.controls.request_timeout.clone());
            Some(PagingPlan {
                items: names.claim("items".to_owned()),
                pages: names.claim("pages".to_owned()),
                item: paging.item.clone(),
                page: page.clone(),
            })
        }
        _ => None,
    };
    OperationPlan {
        members,
        output,
        paging,
        streams: streams(op),
    }
}

/// The stream members of an operation's builder: `events()` where a response offers events
/// beside its body, then `bytes_stream()`.
fn streams(op: &Operation) -> Vec<StreamPlan> {
    let source = op.source.join("responses");
    let events = op.responses.events.as_ref().map(|ty| StreamPlan {
        name: "events",
        kind: StreamKind::Events(ty.clone()),
        source: source.clone(),
    });
    events
        .into_iter()
        .chain([StreamPlan {
            name: "bytes_stream",
            kind: StreamKind::Bytes,
            source,
        }])
        .collect()
}

fn member_plan(op: &Operation, member: requests::Member) -> Option<MemberPlan> {
    // Strings are borrowed when required, converted when set.
    let value = |ty: &TypeRef, required: bool| match ty {
        TypeRef::Scalar(Scalar::String) if required => Taken::Str,
        TypeRef::Scalar(Scalar::String) => Taken::IntoString,
        ty => Taken::Value(ty.clone()),
    };
    let plan = match member {
        requests::Member::Param(index) => {
            let param = op.params.get(index)?;
            MemberPlan {
                member,
                name: param.name.clone(),
                required: param.required,
                taken: value(&param.ty, param.required),
                source: param.source.clone(),
            }
        }
        requests::Member::Body => {
            let body = op.body.as_ref()?;
            let (name, taken) = match &body.content {
                BodyContent::Json { name, ty } | BodyContent::Form { name, ty } => {
                    (name, Taken::Borrowed(ty.clone()))
                }
                BodyContent::Raw { name } => (name, Taken::RawBody),
                BodyContent::Multipart(_) => return None,
            };
            MemberPlan {
                member,
                name: name.clone(),
                required: body.required,
                taken,
                source: op.source.join("requestBody"),
            }
        }
        requests::Member::Part(index) => {
            let body = op.body.as_ref()?;
            let BodyContent::Multipart(parts) = &body.content else {
                return None;
            };
            let part = parts.get(index)?;
            let required = part.required && body.required;
            MemberPlan {
                member,
                name: part.name.clone(),
                required,
                taken: match &part.kind {
                    PartKind::File => Taken::File,
                    PartKind::Files => Taken::Files,
                    PartKind::Value(ty) => value(ty, required),
                },
                source: op.source.join("requestBody"),
            }
        }
    };
    Some(plan)
}
