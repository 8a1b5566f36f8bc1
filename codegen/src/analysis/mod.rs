//! Analysis: facts about the IR that emission needs and that are not the IR's to say, each
//! computed by one pass before any code is written: which parts of the client runtime the
//! crate needs ([`features`]) and how each operation's request is put together
//! ([`requests`]). Emission reads them and decides nothing itself.

pub mod features;
pub mod requests;

use crate::ir::Ir;

pub use features::{Feature, Features};
pub use requests::Request;

/// Every fact about the IR, from every pass.
#[derive(Clone, Debug)]
pub struct Facts {
    pub features: Features,
    /// Per operation, in the IR's order.
    pub requests: Vec<Request>,
}

/// Runs every pass.
pub fn analyze(ir: &Ir) -> Facts {
    Facts {
        features: features::features(ir),
        requests: ir.operations.iter().map(requests::request).collect(),
    }
}
