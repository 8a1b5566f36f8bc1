//! What changed between two summaries of a crate's API.
//!
//! Named items (types, methods, builders) are paired first by the spec node they come from, so
//! that a name the naming module moved (a collision suffix given to another schema, an
//! `operationId` edited) is one rename rather than a removal and an addition, then by path.
//! Members (fields, variants, arguments, setters, responses, error statuses) are paired by name
//! within their paired owner. A type spelled with a renamed type's old name counts as the same
//! type, so that one rename is one change. What an added or removed item holds is not listed:
//! the item's own line says it.

use std::collections::{BTreeMap, BTreeSet};

use super::rules::{self, Change, Verdict};
use super::{ApiSurface, Fact, Item, Kind};

/// One change to the public API, classified.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiChange {
    /// The item's path in the new crate (in the old one, for a removal).
    pub path: String,
    pub kind: Kind,
    pub change: Change,
    pub verdict: Verdict,
    /// Why the verdict, from the rule that gave it.
    pub reason: &'static str,
    /// What it was: the old type, path, kind or position, as the change concerns.
    pub before: Option<String>,
    /// What it is now, likewise.
    pub after: Option<String>,
    /// The spec node of the edit: the new item's (the old item's for a removal).
    pub pointer: String,
    /// Where that node is, `file:line`.
    pub at: Option<String>,
}

/// Every change between two summaries, breaking ones first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ApiDiff {
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    pub fn count(&self, verdict: Verdict) -> usize {
        self.changes.iter().filter(|c| c.verdict == verdict).count()
    }

    /// The most serious verdict, `None` when nothing changed.
    pub fn verdict(&self) -> Option<Verdict> {
        self.changes.iter().map(|c| c.verdict).max()
    }

    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }
}

/// The changes from `old` to `new`.
pub fn diff(old: &ApiSurface, new: &ApiSurface) -> ApiDiff {
    let pairs = pair_named(&old.items, &new.items);
    let renames: BTreeMap<&str, &str> = pairs
        .iter()
        .filter(|(o, n)| old.items[*o].path != new.items[*n].path)
        .map(|(o, n)| (old.items[*o].path.as_str(), new.items[*n].path.as_str()))
        .collect();
    let mut differ = Differ {
        old_members: members_by_owner(old),
        new_members: members_by_owner(new),
        renames: &renames,
        changes: Vec::new(),
    };
    let paired_old: BTreeSet<usize> = pairs.iter().map(|(o, _)| *o).collect();
    let paired_new: BTreeMap<usize, usize> = pairs.iter().map(|(o, n)| (*n, *o)).collect();
    // Owners that are new or gone: what they hold is not listed.
    let added: BTreeSet<&str> = named(&new.items)
        .filter(|i| !paired_new.contains_key(i))
        .map(|i| new.items[i].path.as_str())
        .collect();
    let removed: BTreeSet<&str> = named(&old.items)
        .filter(|i| !paired_old.contains(i))
        .map(|i| old.items[i].path.as_str())
        .collect();
    for n in named(&new.items) {
        let item = &new.items[n];
        match paired_new.get(&n) {
            Some(&o) => differ.pair(&old.items[o], item),
            None if within(item, &added) => {}
            None => differ.push(Change::Added, None, Some(item)),
        }
    }
    for o in named(&old.items) {
        let item = &old.items[o];
        if !paired_old.contains(&o) && !within(item, &removed) {
            differ.push(Change::Removed, Some(item), None);
        }
    }
    let mut changes = differ.changes;
    // Breaking first; otherwise in the order the crate defines the items.
    changes.sort_by_key(|c| std::cmp::Reverse(c.verdict));
    ApiDiff { changes }
}

fn named(items: &[Item]) -> impl Iterator<Item = usize> + '_ {
    (0..items.len()).filter(|&i| items[i].kind.is_named())
}

/// The members of one owner, each under its name (its path relative to the owner's:
/// `::status`, `(id)`), with its place in the summary.
type Members<'a> = BTreeMap<&'a str, (usize, &'a Item)>;

/// The members of each owner, by the owner's path.
fn members_by_owner(surface: &ApiSurface) -> BTreeMap<&str, Members<'_>> {
    let mut owners: BTreeMap<&str, Members<'_>> = BTreeMap::new();
    for (i, item) in surface.items.iter().enumerate() {
        if let (false, Some(owner)) = (item.kind.is_named(), item.within.as_deref()) {
            let name = item.path.strip_prefix(owner).unwrap_or(&item.path);
            owners.entry(owner).or_default().insert(name, (i, item));
        }
    }
    owners
}

/// An owner's members, each with its name, in the order the crate defines them.
fn ordered<'a>(members: &Members<'a>) -> Vec<(&'a str, &'a Item)> {
    let mut items: Vec<(usize, &str, &Item)> = members
        .iter()
        .map(|(name, &(i, item))| (i, *name, item))
        .collect();
    items.sort_unstable_by_key(|&(i, ..)| i);
    items
        .into_iter()
        .map(|(_, name, item)| (name, item))
        .collect()
}

fn within(item: &Item, owners: &BTreeSet<&str>) -> bool {
    item.within.as_deref().is_some_and(|o| owners.contains(o))
}

/// Pairs of named items (old index, new index): by kind and spec node where each side has
/// exactly one such item, then by path.
fn pair_named(old: &[Item], new: &[Item]) -> Vec<(usize, usize)> {
    let by_node = |items: &[Item]| {
        let mut map: BTreeMap<(Kind, String), Vec<usize>> = BTreeMap::new();
        for i in named(items) {
            let key = (items[i].kind, items[i].pointer.clone());
            map.entry(key).or_default().push(i);
        }
        map
    };
    let old_nodes = by_node(old);
    let new_nodes = by_node(new);
    let mut pairs = Vec::new();
    let mut taken_old = BTreeSet::new();
    let mut taken_new = BTreeSet::new();
    for (key, olds) in &old_nodes {
        if let (&[o], Some(&[n])) = (olds.as_slice(), new_nodes.get(key).map(Vec::as_slice)) {
            pairs.push((o, n));
            taken_old.insert(o);
            taken_new.insert(n);
        }
    }
    let new_paths: BTreeMap<&str, usize> = named(new)
        .filter(|n| !taken_new.contains(n))
        .map(|n| (new[n].path.as_str(), n))
        .collect();
    for o in named(old).filter(|o| !taken_old.contains(o)) {
        if let Some(&n) = new_paths.get(old[o].path.as_str()) {
            if taken_new.insert(n) {
                pairs.push((o, n));
            }
        }
    }
    pairs
}

struct Differ<'a> {
    old_members: BTreeMap<&'a str, Members<'a>>,
    new_members: BTreeMap<&'a str, Members<'a>>,
    /// Old path to new path of each renamed item.
    renames: &'a BTreeMap<&'a str, &'a str>,
    changes: Vec<ApiChange>,
}

impl Differ<'_> {
    /// The changes of a named item and of its members.
    fn pair(&mut self, old: &Item, new: &Item) {
        let renamed = old.path != new.path;
        let owner_renamed = match (&old.within, &new.within) {
            (Some(o), Some(n)) => self.renames.get(o.as_str()) == Some(&n.as_str()),
            _ => false,
        };
        if renamed && !owner_renamed {
            self.push(Change::Renamed, Some(old), Some(new));
        }
        if old.kind != new.kind {
            self.push(Change::KindChanged, Some(old), Some(new));
            return;
        }
        self.compare(old, new);
        let none = BTreeMap::new();
        let old_members = self.old_members.get(old.path.as_str()).unwrap_or(&none);
        let new_members = self.new_members.get(new.path.as_str()).unwrap_or(&none);
        // In the order the crate defines them, new ones first.
        let mut changes = Vec::new();
        for (name, item) in ordered(new_members) {
            changes.push((old_members.get(name).map(|&(_, item)| item), Some(item)));
        }
        for (name, item) in ordered(old_members) {
            if !new_members.contains_key(name) {
                changes.push((Some(item), None));
            }
        }
        for (before, after) in changes {
            match (before, after) {
                (Some(before), Some(after)) => self.compare(before, after),
                (None, after) => self.push_member(Change::Added, None, after, new),
                (before, None) => self.push_member(Change::Removed, before, None, new),
            }
        }
    }

    /// Changes of type, kind, place and facts between two paired items.
    fn compare(&mut self, old: &Item, new: &Item) {
        if old.kind != new.kind {
            self.push(Change::KindChanged, Some(old), Some(new));
            return;
        }
        if rename_in(&old.ty, self.renames) != new.ty {
            self.push(Change::TypeChanged, Some(old), Some(new));
        }
        if old.position != new.position {
            self.push(Change::Moved, Some(old), Some(new));
        }
        for fact in Fact::ALL {
            match (old.has(fact), new.has(fact)) {
                (false, true) => self.push(Change::Gained(fact), Some(old), Some(new)),
                (true, false) => self.push(Change::Lost(fact), Some(old), Some(new)),
                _ => {}
            }
        }
    }

    /// A member added or removed: its verdict may depend on the owner's facts.
    fn push_member(
        &mut self,
        change: Change,
        old: Option<&Item>,
        new: Option<&Item>,
        owner: &Item,
    ) {
        self.record(change, old, new, &owner.facts);
    }

    fn push(&mut self, change: Change, old: Option<&Item>, new: Option<&Item>) {
        self.record(change, old, new, &[]);
    }

    fn record(&mut self, change: Change, old: Option<&Item>, new: Option<&Item>, owner: &[Fact]) {
        let Some(item) = new.or(old) else {
            return;
        };
        let (verdict, reason) = rules::classify(item.kind, change, owner);
        let (before, after) = match change {
            Change::Added => (None, Some(item.ty.clone())),
            Change::Removed => (Some(item.ty.clone()), None),
            Change::Renamed => (old.map(|i| i.path.clone()), new.map(|i| i.path.clone())),
            Change::KindChanged => (
                old.map(|i| i.kind.noun().to_owned()),
                new.map(|i| i.kind.noun().to_owned()),
            ),
            Change::TypeChanged => (old.map(|i| i.ty.clone()), new.map(|i| i.ty.clone())),
            Change::Moved => (
                old.and_then(|i| i.position).map(|p| (p + 1).to_string()),
                new.and_then(|i| i.position).map(|p| (p + 1).to_string()),
            ),
            Change::Gained(_) | Change::Lost(_) => (None, None),
        };
        let empty = |text: Option<String>| text.filter(|t| !t.is_empty());
        self.changes.push(ApiChange {
            path: item.path.clone(),
            kind: item.kind,
            change,
            verdict,
            reason,
            before: empty(before),
            after: empty(after),
            pointer: item.pointer.clone(),
            at: item.at.clone(),
        });
    }
}

/// `text` with each path that starts with a renamed item's old path (`models::Task2`,
/// `models::Task2::id`) starting with its new one instead.
pub(crate) fn rename_in(text: &str, renames: &BTreeMap<&str, &str>) -> String {
    if renames.is_empty() {
        return text.to_owned();
    }
    let is_path_char = |c: char| c.is_alphanumeric() || c == '_' || c == ':' || c == '#';
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find(is_path_char) {
        out.push_str(&rest[..start]);
        let run = &rest[start..];
        let end = run.find(|c| !is_path_char(c)).unwrap_or(run.len());
        let path = &run[..end];
        out.push_str(&rename_path(path, renames));
        rest = &run[end..];
    }
    out.push_str(rest);
    out
}

/// The longest old path that `path` starts with (up to a `::`), replaced by its new path.
fn rename_path(path: &str, renames: &BTreeMap<&str, &str>) -> String {
    let mut cut = path.len();
    loop {
        let prefix = &path[..cut];
        if let Some(new) = renames.get(prefix) {
            return format!("{new}{}", &path[cut..]);
        }
        match prefix.rfind("::") {
            Some(at) => cut = at,
            None => return path.to_owned(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn item(path: &str, kind: Kind, ty: &str, within: Option<&str>, pointer: &str) -> Item {
        Item {
            path: path.to_owned(),
            kind,
            ty: ty.to_owned(),
            facts: Vec::new(),
            position: None,
            within: within.map(str::to_owned),
            pointer: pointer.to_owned(),
            at: None,
        }
    }

    fn surface(items: Vec<Item>) -> ApiSurface {
        ApiSurface {
            crate_name: "c".to_owned(),
            version: "0.1.0".to_owned(),
            items,
        }
    }

    /// `(verdict, change, path)` of each change.
    fn summary(diff: &ApiDiff) -> Vec<(Verdict, Change, &str)> {
        diff.changes
            .iter()
            .map(|c| (c.verdict, c.change, c.path.as_str()))
            .collect()
    }

    #[test]
    fn renames_in_spellings_follow_whole_path_segments() {
        let renames = BTreeMap::from([("models::Task2", "models::Task3")]);
        assert_eq!(
            rename_in("Option<Vec<models::Task2>>", &renames),
            "Option<Vec<models::Task3>>"
        );
        assert_eq!(
            rename_in("models::Task2::id", &renames),
            "models::Task3::id"
        );
        assert_eq!(rename_in("models::Task20", &renames), "models::Task20");
        assert_eq!(
            rename_in("(models::Task2, i64)", &renames),
            "(models::Task3, i64)"
        );
    }

    #[test]
    fn swapped_collision_suffixes_are_two_renames_and_nothing_else() {
        let old = surface(vec![
            item("models::Task2", Kind::Struct, "", None, "#/a"),
            item(
                "models::Task2::x",
                Kind::Field,
                "i64",
                Some("models::Task2"),
                "#/a/x",
            ),
            item("models::Task3", Kind::Struct, "", None, "#/b"),
            item(
                "models::Task3::y",
                Kind::Field,
                "models::Task2",
                Some("models::Task3"),
                "#/b/y",
            ),
        ]);
        let new = surface(vec![
            item("models::Task2", Kind::Struct, "", None, "#/b"),
            item(
                "models::Task2::y",
                Kind::Field,
                "models::Task3",
                Some("models::Task2"),
                "#/b/y",
            ),
            item("models::Task3", Kind::Struct, "", None, "#/a"),
            item(
                "models::Task3::x",
                Kind::Field,
                "i64",
                Some("models::Task3"),
                "#/a/x",
            ),
        ]);
        let diff = diff(&old, &new);
        assert_eq!(
            summary(&diff),
            [
                (Verdict::Breaking, Change::Renamed, "models::Task2"),
                (Verdict::Breaking, Change::Renamed, "models::Task3"),
            ]
        );
        assert_eq!(diff.changes[0].before.as_deref(), Some("models::Task3"));
    }

    #[test]
    fn what_an_added_or_removed_item_holds_is_not_listed() {
        let old = surface(vec![
            item("Client::a", Kind::Method, "operations::A", None, "#/p/a"),
            item(
                "Client::a(id)",
                Kind::Argument,
                "&str",
                Some("Client::a"),
                "#/p/a",
            ),
            item(
                "operations::A",
                Kind::Struct,
                "",
                Some("Client::a"),
                "#/p/a",
            ),
            item(
                "operations::A::Output",
                Kind::Response,
                "()",
                Some("operations::A"),
                "#/p/a",
            ),
        ]);
        let new = surface(vec![
            item("Client::b", Kind::Method, "operations::B", None, "#/p/b"),
            item(
                "operations::B",
                Kind::Struct,
                "",
                Some("Client::b"),
                "#/p/b",
            ),
        ]);
        assert_eq!(
            summary(&diff(&old, &new)),
            [
                (Verdict::Breaking, Change::Removed, "Client::a"),
                (Verdict::Additive, Change::Added, "Client::b"),
            ]
        );
    }

    #[test]
    fn a_renamed_operation_is_one_rename_however_many_names_follow_it() {
        let old = surface(vec![
            item("Client::a", Kind::Method, "operations::A", None, "#/p"),
            item(
                "Client::a(id)",
                Kind::Argument,
                "&str",
                Some("Client::a"),
                "#/p/id",
            ),
            item("operations::A", Kind::Struct, "", Some("Client::a"), "#/p"),
        ]);
        let new = surface(vec![
            item("Client::b", Kind::Method, "operations::B", None, "#/p"),
            item(
                "Client::b(id)",
                Kind::Argument,
                "&str",
                Some("Client::b"),
                "#/p/id",
            ),
            item("operations::B", Kind::Struct, "", Some("Client::b"), "#/p"),
        ]);
        assert_eq!(
            summary(&diff(&old, &new)),
            [(Verdict::Breaking, Change::Renamed, "Client::b")]
        );
    }

    #[test]
    fn members_are_classified_by_their_owners_facts() {
        let mut open = item("ErrorBody", Kind::Enum, "", None, "#");
        open.facts.push(Fact::NonExhaustive);
        let closed = item("models::E", Kind::Enum, "", None, "#/e");
        let old = surface(vec![open.clone(), closed.clone()]);
        let new = surface(vec![
            open,
            item(
                "ErrorBody::X",
                Kind::Variant,
                "models::X",
                Some("ErrorBody"),
                "#/x",
            ),
            closed,
            item(
                "models::E::A",
                Kind::Variant,
                "",
                Some("models::E"),
                "#/e/enum/0",
            ),
        ]);
        assert_eq!(
            summary(&diff(&old, &new)),
            [
                (Verdict::Breaking, Change::Added, "models::E::A"),
                (Verdict::Additive, Change::Added, "ErrorBody::X"),
            ]
        );
    }

    #[test]
    fn moved_arguments_and_changed_facts_are_changes() {
        let mut a = item(
            "Client::f(a)",
            Kind::Argument,
            "i64",
            Some("Client::f"),
            "#/a",
        );
        let mut b = item(
            "Client::f(b)",
            Kind::Argument,
            "i64",
            Some("Client::f"),
            "#/b",
        );
        let method = item("Client::f", Kind::Method, "operations::F", None, "#/f");
        let open = item("models::S", Kind::Struct, "", None, "#/s");
        a.position = Some(0);
        b.position = Some(1);
        let old = surface(vec![method.clone(), a.clone(), b.clone(), open.clone()]);
        a.position = Some(1);
        b.position = Some(0);
        let mut closed = open;
        closed.facts.push(Fact::NonExhaustive);
        let new = surface(vec![method, b, a, closed]);
        let diff = diff(&old, &new);
        assert_eq!(
            summary(&diff),
            [
                (Verdict::Breaking, Change::Moved, "Client::f(b)"),
                (Verdict::Breaking, Change::Moved, "Client::f(a)"),
                (
                    Verdict::Breaking,
                    Change::Gained(Fact::NonExhaustive),
                    "models::S"
                ),
            ]
        );
        assert_eq!(diff.changes[0].before.as_deref(), Some("2"));
    }
}
