//! Features: the parts of the client runtime (`templates/client_runtime.rs`) a crate uses, from
//! what its operations send and receive. The runtime is pruned to them, and the manifest and
//! `lib.rs` follow them.

use std::collections::BTreeSet;

use crate::ir::{
    BodyContent, Ir, PageCursor, PagingRule, ParamLocation, ParamStyle, PartKind, ResponseBody,
    Success,
};

/// A part of the runtime that some operation needs. The runtime template marks the items a
/// feature needs with `#[needs(…)]`, spelling the feature as it is written here
/// (`#[needs(Param(Query, Form))]`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Feature {
    /// The spec has operations: requests are built, sent, retried and decoded.
    Operations,
    /// A request builder has a setter: an optional parameter, body or part, or a per-request
    /// setting (every builder has those).
    Setters,
    /// The spec names servers: the client resolves their URLs and variables when built.
    Servers,
    /// A parameter in this place, written in this style.
    Param(ParamLocation, ParamStyle),
    /// A query parameter, whatever its style: a query string is built.
    Query,
    JsonBody,
    FormBody,
    RawBody,
    MultipartBody,
    /// A multipart part sent as text.
    MultipartText,
    /// A multipart part sent as a file.
    MultipartFile,
    JsonResponse,
    /// An operation whose one success body is JSON, decoded in one arm.
    OneJsonResponse,
    TextResponse,
    BytesResponse,
    /// An operation declares a typed body for an error status.
    ErrorBody,
    /// An operation is walked page by page: the `Pages` and `Items` streams.
    Paging,
    /// Its next page is the `Link` header's `rel="next"` URL.
    LinkHeaderPaging,
    /// Its next page sets a query parameter to a cursor while a flag says there is more.
    CursorPaging,
    /// The cursor is a property of the last item written as JSON (items of several types).
    ItemJsonCursor,
    /// Its next page sets a query parameter to the body's token.
    TokenPaging,
    /// Its next page is the URL in a field of the body.
    NextLinkPaging,
}

impl Feature {
    /// Every feature there is.
    pub fn all() -> impl Iterator<Item = Feature> {
        let params = ParamLocation::ALL.into_iter().flat_map(|location| {
            ParamStyle::ALL
                .into_iter()
                .map(move |style| Feature::Param(location, style))
        });
        [
            Feature::Operations,
            Feature::Setters,
            Feature::Servers,
            Feature::Query,
            Feature::JsonBody,
            Feature::FormBody,
            Feature::RawBody,
            Feature::MultipartBody,
            Feature::MultipartText,
            Feature::MultipartFile,
            Feature::JsonResponse,
            Feature::OneJsonResponse,
            Feature::TextResponse,
            Feature::BytesResponse,
            Feature::ErrorBody,
            Feature::Paging,
            Feature::LinkHeaderPaging,
            Feature::CursorPaging,
            Feature::ItemJsonCursor,
            Feature::TokenPaging,
            Feature::NextLinkPaging,
        ]
        .into_iter()
        .chain(params)
    }

    /// The feature a marker names (`Param(Query, Form)`, spaces ignored), if it names one.
    pub fn from_marker(text: &str) -> Option<Feature> {
        let words =
            |text: &str| -> String { text.chars().filter(|c| !c.is_whitespace()).collect() };
        let text = words(text);
        Feature::all().find(|feature| words(&format!("{feature:?}")) == text)
    }
}

/// The features a crate uses.
pub type Features = BTreeSet<Feature>;

/// The features the IR's operations use.
pub fn features(ir: &Ir) -> Features {
    let mut features = Features::new();
    if ir.api.server.is_some() || !ir.api.operation_servers.is_empty() {
        features.insert(Feature::Servers);
    }
    for op in &ir.operations {
        // Every builder sets an extra header or a timeout.
        features.extend([Feature::Operations, Feature::Setters]);
        for param in &op.params {
            features.insert(Feature::Param(param.location, param.style));
            if param.location == ParamLocation::Query {
                features.insert(Feature::Query);
            }
        }
        match op.body.as_ref().map(|body| &body.content) {
            Some(BodyContent::Json { .. }) => {
                features.insert(Feature::JsonBody);
            }
            Some(BodyContent::Form { .. }) => {
                features.insert(Feature::FormBody);
            }
            Some(BodyContent::Raw { .. }) => {
                features.insert(Feature::RawBody);
            }
            Some(BodyContent::Multipart(parts)) => {
                features.insert(Feature::MultipartBody);
                features.extend(parts.iter().map(|part| match part.kind {
                    PartKind::Value(_) => Feature::MultipartText,
                    PartKind::File | PartKind::Files => Feature::MultipartFile,
                }));
            }
            None => {}
        }
        if let Success::One(ResponseBody::Json(_)) = &op.responses.success {
            features.insert(Feature::OneJsonResponse);
        }
        let bodies: Vec<&ResponseBody> = match &op.responses.success {
            Success::One(body) => vec![body],
            Success::Several { variants, .. } => variants.iter().map(|v| &v.body).collect(),
        };
        features.extend(bodies.into_iter().filter_map(|body| match body {
            ResponseBody::Empty => None,
            ResponseBody::Json(_) => Some(Feature::JsonResponse),
            ResponseBody::Text => Some(Feature::TextResponse),
            ResponseBody::Bytes => Some(Feature::BytesResponse),
        }));
        if !op.responses.errors.is_empty() {
            features.insert(Feature::ErrorBody);
        }
        if let Some(paging) = &op.paging {
            features.insert(Feature::Paging);
            features.insert(match paging.rule {
                PagingRule::LinkHeader => Feature::LinkHeaderPaging,
                PagingRule::Cursor { .. } => Feature::CursorPaging,
                PagingRule::Token { .. } => Feature::TokenPaging,
                PagingRule::NextLink { .. } => Feature::NextLinkPaging,
            });
            if let PagingRule::Cursor {
                cursor: PageCursor::LastItemProperty(_),
                ..
            } = paging.rule
            {
                features.insert(Feature::ItemJsonCursor);
            }
        }
    }
    features
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_name_features_as_they_are_written() {
        assert_eq!(
            Feature::from_marker("Param(Query, DeepObject)"),
            Some(Feature::Param(ParamLocation::Query, ParamStyle::DeepObject))
        );
        assert_eq!(Feature::from_marker("JsonBody"), Some(Feature::JsonBody));
        assert_eq!(Feature::from_marker("json_body"), None);
        assert_eq!(Feature::from_marker("Param(Query)"), None);
    }

    #[test]
    fn every_feature_is_listed_once() {
        let all: Vec<Feature> = Feature::all().collect();
        let unique: Features = all.iter().copied().collect();
        assert_eq!(all.len(), unique.len());
        assert_eq!(all.len(), 21 + 4 * 8);
    }
}
