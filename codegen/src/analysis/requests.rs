//! Requests: how each operation's request is put together, beyond what the spec says of it:
//! whether it may be sent twice, the path cut into text and parameters, and the order of the
//! request builder's members.

use crate::ir::{BodyContent, Method, Operation, ParamLocation};

/// How one operation's request is built.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    /// Sending the request twice has the effect of sending it once (RFC 9110, section 9.2.2),
    /// so a failed attempt may be retried.
    pub idempotent: bool,
    /// The path template, cut into literal text and path parameters.
    pub path: Vec<PathPiece>,
    /// The request builder's members, in the order its method takes the required ones as
    /// arguments and its struct declares them.
    pub members: Vec<Member>,
}

/// A piece of a path template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PathPiece {
    /// Text as the template has it, including any `{name}` that names no path parameter.
    Text(String),
    /// The path parameter at this index of the operation's `params`.
    Param(usize),
}

/// A member of a request builder.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Member {
    /// The parameter at this index of the operation's `params`.
    Param(usize),
    /// The body, sent whole.
    Body,
    /// The part at this index of a multipart body.
    Part(usize),
}

pub fn request(op: &Operation) -> Request {
    Request {
        idempotent: !matches!(op.method, Method::Post | Method::Patch),
        path: path_pieces(op),
        members: members(op),
    }
}

/// The path's text and parameters, in order. A `{` without its `}` is text.
fn path_pieces(op: &Operation) -> Vec<PathPiece> {
    let mut pieces = Vec::new();
    let mut text = String::new();
    let mut rest = op.path.as_str();
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}').map(|c| open + c) else {
            break;
        };
        let wire = &rest[open + 1..close];
        let param = op
            .params
            .iter()
            .position(|p| p.location == ParamLocation::Path && p.wire_name == wire);
        match param {
            Some(index) => {
                text.push_str(&rest[..open]);
                if !text.is_empty() {
                    pieces.push(PathPiece::Text(std::mem::take(&mut text)));
                }
                pieces.push(PathPiece::Param(index));
            }
            None => text.push_str(&rest[..=close]),
        }
        rest = &rest[close + 1..];
    }
    text.push_str(rest);
    if !text.is_empty() {
        pieces.push(PathPiece::Text(text));
    }
    pieces
}

/// Path parameters first, in the operation's order, then the other parameters, then the body
/// or its parts.
fn members(op: &Operation) -> Vec<Member> {
    let params = |path: bool| {
        op.params
            .iter()
            .enumerate()
            .filter(move |(_, p)| (p.location == ParamLocation::Path) == path)
            .map(|(i, _)| Member::Param(i))
    };
    let mut members: Vec<Member> = params(true).chain(params(false)).collect();
    match op.body.as_ref().map(|body| &body.content) {
        Some(BodyContent::Multipart(parts)) => members.extend((0..parts.len()).map(Member::Part)),
        Some(_) => members.push(Member::Body),
        None => {}
    }
    members
}

#[cfg(test)]
mod tests {
    use super::*;

    fn operation(spec_paths: &str) -> Operation {
        let spec =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n{spec_paths}");
        let (ir, _) = crate::lower_to_ir(&spec, &crate::Options::default()).unwrap();
        ir.operations.into_iter().next().unwrap()
    }

    #[test]
    fn paths_are_cut_at_their_parameters() {
        let op = operation(
            "  /a/{x}/b{y}.json/{unknown}/{:\n    get:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n        - {name: y, in: path, required: true, schema: {type: string}}\n        - {name: x, in: path, required: true, schema: {type: string}}\n      responses: {'204': {description: ok}}\n",
        );
        let request = request(&op);
        assert_eq!(
            request.path,
            [
                PathPiece::Text("/a/".to_owned()),
                PathPiece::Param(2),
                PathPiece::Text("/b".to_owned()),
                PathPiece::Param(1),
                PathPiece::Text(".json/".to_owned()),
                // Lowering declares the parameter the spec forgot, after the others.
                PathPiece::Param(3),
                PathPiece::Text("/{".to_owned()),
            ]
        );
        // Path parameters first, in the operation's order; then the others.
        assert_eq!(
            request.members,
            [
                Member::Param(1),
                Member::Param(2),
                Member::Param(3),
                Member::Param(0)
            ]
        );
        assert!(request.idempotent);
    }

    #[test]
    fn bodies_and_parts_come_last_and_posts_are_not_idempotent() {
        let op = operation(
            "  /upload:\n    post:\n      parameters:\n        - {name: q, in: query, schema: {type: string}}\n      requestBody:\n        content:\n          multipart/form-data:\n            schema: {type: object, properties: {file: {type: string, format: binary}, note: {type: string}}}\n      responses: {'204': {description: ok}}\n",
        );
        let request = request(&op);
        assert_eq!(request.path, [PathPiece::Text("/upload".to_owned())]);
        assert_eq!(
            request.members,
            [Member::Param(0), Member::Part(0), Member::Part(1)]
        );
        assert!(!request.idempotent);
        let patch = operation(
            "  /x:\n    patch:\n      requestBody:\n        content: {application/json: {schema: {type: object}}}\n      responses: {'204': {description: ok}}\n",
        );
        assert_eq!(request_members(&patch), [Member::Body]);
        assert!(!super::request(&patch).idempotent);
    }

    fn request_members(op: &Operation) -> Vec<Member> {
        super::request(op).members
    }
}
