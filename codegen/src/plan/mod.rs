//! Plan: every decision about the Rust surface of the crate, made once, as typed data. It
//! follows the analysis and comes before emission, which prints it, and the API summary
//! (`api.json`), which lists it; neither decides anything the plan says.
//!
//! - [`models`]: per struct, how serde reads and writes it, whether it is `Default`, its
//!   constructor's arguments and its setters;
//! - [`operations`]: per operation, the members of its method and builder, the type each is
//!   taken as, and what awaiting the builder gives;
//! - `spelling`: how a type is written, inside a module of the crate or by a caller.

pub mod models;
pub mod operations;
pub(crate) mod spelling;

use crate::analysis::Facts;
use crate::ir::{Ir, TypeRef};

pub use models::StructPlan;
pub use operations::{MemberPlan, OperationPlan, Output, PagingPlan, Taken};

/// The crate's plan: the facts it was made from, and the decisions.
#[derive(Clone, Debug)]
pub struct Plan {
    pub facts: Facts,
    /// Per type, in the IR's order: the struct's plan, `None` for the other kinds.
    pub models: Vec<Option<StructPlan>>,
    /// Per operation, in the IR's order.
    pub operations: Vec<OperationPlan>,
    /// The manifest lines of the dependencies the crate's scalars need (`rust_decimal`), in
    /// the order of [`Scalar`](crate::ir::Scalar), each once.
    pub dependencies: Vec<&'static str>,
}

/// A type as a caller of the crate writes it (`Option<Vec<models::Task>>`, `serde_json::Value`,
/// `BTreeMap<String, i64>`, `models::Nullable<String>`), for code that uses the crate.
pub fn caller_type(ir: &Ir, ty: &TypeRef) -> String {
    spelling::type_text(ir, ty, spelling::Site::Caller)
}

/// Plans the crate of `ir`, from the facts the analysis found.
pub fn plan(ir: &Ir, facts: Facts) -> Plan {
    let operations = ir
        .operations
        .iter()
        .zip(&facts.requests)
        .map(|(op, request)| operations::operation(op, request))
        .collect();
    let mut dependencies: Vec<&'static str> = vec![];
    for scalar in ir.scalars() {
        if let Some(line) = scalar.facts().dependency
            && !dependencies.contains(&line)
        {
            dependencies.push(line);
        }
    }
    Plan {
        facts,
        models: models::models(&ir.types),
        operations,
        dependencies,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Scalar, TypeRef};
    use crate::plan::models::Serde;
    use crate::plan::spelling::Site;

    fn planned(spec: &str) -> (Ir, Plan) {
        let (ir, _) = crate::lower_to_ir(spec, &crate::Options::default()).unwrap();
        let plan = plan(&ir, crate::analysis::analyze(&ir));
        (ir, plan)
    }

    #[test]
    fn a_struct_takes_its_required_fields_in_new_and_sets_the_others() {
        let (ir, plan) = planned(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n    item:\n      type: object\n      required: [id, size]\n      properties: {id: {type: string}, size: {type: integer, format: int32}, note: {type: string}}\n      additionalProperties: true\n    empty: {type: object}\n",
        );
        let item = plan.models[0].as_ref().expect("a struct's plan");
        assert_eq!(item.serde, Serde::Object);
        assert!(!item.default);
        let taken: Vec<(usize, bool)> =
            item.constructor.iter().map(|a| (a.field, a.into)).collect();
        // Text is converted (`impl Into<String>`); a number is taken as it is.
        assert_eq!(taken, [(0, true), (1, false)]);
        assert_eq!(item.setters.len(), 1);
        assert_eq!(item.setters[0].name, "with_note");
        assert_eq!(item.setters[0].value, TypeRef::Scalar(Scalar::String));
        assert_eq!(item.unset, ["note", "additional_properties"]);
        assert_eq!(item.additional, Some(TypeRef::JsonObject));
        assert_eq!(ir.types.len(), plan.models.len());
    }

    #[test]
    fn a_paged_list_gets_streams_named_after_its_members() {
        let (ir, plan) = planned(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      parameters:\n        - {name: items, in: query, schema: {type: integer}}\n        - {name: pageToken, in: query, schema: {type: string}}\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: object, properties: {entries: {type: array, items: {type: string}}, nextPageToken: {type: string}}}}}}}\n  /b:\n    get:\n      responses: {'200': {description: ok, content: {application/json: {schema: {type: array, items: {type: string}}}}}}\n",
        );
        let paging = plan.operations[0].paging.as_ref().expect("a paged list");
        // The parameter keeps its name; the stream is numbered.
        assert_eq!(
            (paging.items.as_str(), paging.pages.as_str()),
            ("items_2", "pages")
        );
        assert_eq!(paging.item, TypeRef::Scalar(Scalar::String));
        let (items, pages) = paging.spelled(&ir, Site::Caller);
        assert_eq!(items, "Items<String>");
        assert!(pages.starts_with("Pages<models::"), "{pages}");
        // An array without a `Link` header is one page.
        assert_eq!(plan.operations[1].paging, None);
    }

    #[test]
    fn strings_are_borrowed_when_required_and_converted_when_set() {
        let (ir, plan) = planned(
            "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n  /x/{id}:\n    post:\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n        - {name: q, in: query, schema: {type: string}}\n        - {name: n, in: query, schema: {type: integer, format: int64}}\n      requestBody:\n        required: true\n        content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}\n      responses: {'200': {description: ok, content: {text/plain: {schema: {type: string}}}}}\n",
        );
        let op = &plan.operations[0];
        let spelled: Vec<(String, bool, String)> = op
            .members
            .iter()
            .map(|m| {
                (
                    m.name.clone(),
                    m.required,
                    m.taken.spelled(&ir, Site::Caller).0,
                )
            })
            .collect();
        assert_eq!(spelled[0], ("id".to_owned(), true, "&str".to_owned()));
        assert_eq!(
            spelled[1],
            ("q".to_owned(), false, "impl Into<String>".to_owned())
        );
        assert_eq!(spelled[2], ("n".to_owned(), false, "i64".to_owned()));
        assert!(
            spelled[3].1 && spelled[3].2.starts_with("&models::"),
            "{spelled:?}"
        );
        assert_eq!(op.members[1].taken, Taken::IntoString);
        assert_eq!(op.output, Output::Body(TypeRef::Scalar(Scalar::String)));
        // Inside the crate, a borrow lives as long as the builder and a string is kept owned.
        let module = crate::emit::names::Module::default();
        assert_eq!(
            op.members[0].taken.spelled(&ir, Site::Module(module)).0,
            "&'a str"
        );
        assert_eq!(
            op.members[1]
                .taken
                .spelled(&ir, Site::Module(module))
                .1
                .as_deref(),
            Some("String")
        );
    }
}
