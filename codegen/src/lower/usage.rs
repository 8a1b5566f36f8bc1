//! Which schemas are sent in requests and which are read from responses, so that `readOnly`
//! and `writeOnly` properties are only required in the direction that carries them.

use crate::hashing::HashSet;

use crate::pointer::Pointer;
use crate::resolve::SchemaGraph;

#[derive(Clone, Debug, Default)]
pub(crate) struct Usage {
    in_requests: HashSet<Pointer>,
    in_responses: HashSet<Pointer>,
}

impl Usage {
    /// Marks everything reachable from the request and response schemas.
    pub(crate) fn analyze(
        graph: &SchemaGraph,
        requests: impl IntoIterator<Item = Pointer>,
        responses: impl IntoIterator<Item = Pointer>,
    ) -> Self {
        Self {
            in_requests: reachable(graph, requests),
            in_responses: reachable(graph, responses),
        }
    }

    /// Whether the object at `owner` is sent in requests.
    pub(crate) fn in_requests(&self, owner: &Pointer) -> bool {
        self.in_requests.contains(owner)
    }

    /// Whether a required property of the object at `owner` must still be optional in Rust: a
    /// read-only one is not sent in requests, a write-only one is not returned in responses. An
    /// object used in neither direction is taken as used in both.
    pub(crate) fn relaxes(&self, owner: &Pointer, read_only: bool, write_only: bool) -> bool {
        let request = self.in_requests.contains(owner);
        let response = self.in_responses.contains(owner);
        let (request, response) = if request || response {
            (request, response)
        } else {
            (true, true)
        };
        (read_only && request) || (write_only && response)
    }
}

fn reachable(graph: &SchemaGraph, roots: impl IntoIterator<Item = Pointer>) -> HashSet<Pointer> {
    let mut seen = HashSet::default();
    let mut stack: Vec<Pointer> = roots.into_iter().collect();
    while let Some(pointer) = stack.pop() {
        if !seen.insert(pointer.clone()) {
            continue;
        }
        stack.extend(graph.get(&pointer).subschemas());
    }
    seen
}
