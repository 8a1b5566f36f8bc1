//! Servers: the API's server and those paths and operations name instead, as URL templates
//! with their variables. The client resolves them when it is built.

use serde_json::Value;

use crate::fields::Fields;
use crate::ir::{Server, ServerVariable};
use crate::pointer::Pointer;

/// The first server of the `servers` list of `node` (at `at`), if it has one with a URL.
pub(crate) fn read_first(node: &Value, at: &Pointer) -> Option<Server> {
    let server = node.field("servers")?.get(0)?;
    let url = server.field("url")?.as_str()?.to_owned();
    let mut variables = Vec::new();
    if let Some(Value::Object(declared)) = server.field("variables") {
        for (name, variable) in declared {
            let allowed: Vec<String> = match variable.field("enum") {
                Some(Value::Array(values)) => values
                    .iter()
                    .filter_map(|v| v.as_str().map(str::to_owned))
                    .collect(),
                _ => Vec::new(),
            };
            let default = variable
                .field("default")
                .and_then(Value::as_str)
                .map(str::to_owned)
                .or_else(|| allowed.first().cloned())
                .unwrap_or_default();
            variables.push(ServerVariable {
                name: name.clone(),
                default,
                allowed,
            });
        }
    }
    Some(Server {
        url,
        variables,
        source: at.join("servers").join("0"),
    })
}

/// The servers of operations, each once (the first declaration of a URL and its variables),
/// and each operation's index among them.
pub(crate) fn distinct(own: &[Option<Server>]) -> (Vec<Server>, Vec<Option<usize>>) {
    let mut servers: Vec<Server> = Vec::new();
    let indices = own
        .iter()
        .map(|server| {
            let server = server.as_ref()?;
            let same = |s: &Server| s.url == server.url && s.variables == server.variables;
            Some(match servers.iter().position(same) {
                Some(index) => index,
                None => {
                    servers.push(server.clone());
                    servers.len() - 1
                }
            })
        })
        .collect();
    (servers, indices)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn servers_keep_their_variables_and_are_shared() {
        let at = Pointer::root();
        let node = json!({"servers": [{"url": "{scheme}://h:{port}/v1", "variables": {
            "scheme": {"enum": ["http", "https"], "default": "https"},
            "port": {"default": "8443"},
        }}]});
        let server = read_first(&node, &at).unwrap();
        assert_eq!(server.url, "{scheme}://h:{port}/v1");
        assert_eq!(server.variables[0].allowed, ["http", "https"]);
        assert_eq!(server.variables[1].default, "8443");
        let other = read_first(&json!({"servers": [{"url": "/v2"}]}), &at).unwrap();
        let (servers, indices) = distinct(&[None, Some(server.clone()), Some(other), Some(server)]);
        assert_eq!(servers.len(), 2);
        assert_eq!(indices, [None, Some(0), Some(1), Some(0)]);
    }
}
