//! Analysis: facts about the IR that emission needs and that are not the IR's to say, each
//! computed by one pass before any code is written: which parts of the client runtime the
//! crate needs ([`features`]), how each operation's request is put together ([`requests`]),
//! which cargo features compile each type ([`reach`]), and which operation the crate's docs show called. Emission reads them and decides nothing
//! itself.

pub mod features;
pub mod reach;
pub mod requests;

use crate::ir::{Ir, Scalar, TypeRef};

pub use features::{Feature, Features};
pub use reach::{Gate, Reach};
pub use requests::Request;

/// Every fact about the IR, from every pass.
#[derive(Clone, Debug)]
pub struct Facts {
    pub features: Features,
    /// Per operation, in the IR's order.
    pub requests: Vec<Request>,
    /// The cargo features that compile each type.
    pub reach: Reach,
    /// The operation the example in `lib.rs` calls, an index of the IR's operations.
    pub example_call: Option<usize>,
}

/// Runs every pass.
pub fn analyze(ir: &Ir) -> Facts {
    Facts {
        features: features::features(ir),
        requests: ir.operations.iter().map(requests::request).collect(),
        reach: reach::reach(ir),
        example_call: example_call(ir),
    }
}

/// The first operation that can be called with strings alone (its required parameters are
/// strings, and it needs no body), which the crate's docs show; never a deprecated one.
fn example_call(ir: &Ir) -> Option<usize> {
    ir.operations.iter().position(|op| {
        !op.docs.deprecated
            && op.body.as_ref().is_none_or(|body| !body.required)
            && op
                .params
                .iter()
                .all(|p| !p.required || p.ty == TypeRef::Scalar(Scalar::String))
    })
}
