//! Plan: every decision about the Rust surface of the crate, made once, as typed data. It
//! follows the analysis and comes before emission, which prints it, and the API summary
//! (`api.json`), which lists it; neither decides anything the plan says.
//!
//! - [`operations`]: per operation, the members of its method and builder, the type each is
//!   taken as, and what awaiting the builder gives;
//! - [`spelling`]: how a type is written, inside a module of the crate or by a caller.

pub mod operations;
pub(crate) mod spelling;

use crate::analysis::Facts;
use crate::ir::Ir;

pub use operations::{MemberPlan, OperationPlan, Output, Taken};

/// The crate's plan: the facts it was made from, and the decisions.
#[derive(Clone, Debug)]
pub struct Plan {
    pub facts: Facts,
    /// Per operation, in the IR's order.
    pub operations: Vec<OperationPlan>,
}

/// Plans the crate of `ir`, from the facts the analysis found.
pub fn plan(ir: &Ir, facts: Facts) -> Plan {
    let operations = ir
        .operations
        .iter()
        .zip(&facts.requests)
        .map(|(op, request)| operations::operation(op, request))
        .collect();
    Plan { facts, operations }
}
