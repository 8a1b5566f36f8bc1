//! Which changes to a public item break callers, by the rules of Rust's semver (the Cargo
//! book's "SemVer Compatibility" chapter), as a table: each row names the kind of item, the
//! change, the facts of the item's owner it depends on, the verdict and why. The first row
//! that fits decides, so specific rows come before general ones.
//!
//! A verdict that depends on a fact reads the fact, never the generator's present habits: when
//! structs become `#[non_exhaustive]`, a new field stops being breaking without a change here.

use super::{Fact, Kind};

/// Whether a change breaks code that compiled against the old crate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Verdict {
    Additive,
    Breaking,
}

impl Verdict {
    pub fn word(self) -> &'static str {
        match self {
            Verdict::Additive => "additive",
            Verdict::Breaking => "breaking",
        }
    }
}

/// What happened to an item between two summaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Change {
    Added,
    Removed,
    /// A named item now has another name (its spec node is the same).
    Renamed,
    /// The item is another kind of item (a struct became an enum).
    KindChanged,
    /// Its type, as spelled, is another.
    TypeChanged,
    /// An argument is at another place among its method's arguments.
    Moved,
    /// The item gained a fact.
    Gained(Fact),
    /// The item lost a fact.
    Lost(Fact),
}

/// One row of the table.
#[derive(Clone, Copy, Debug)]
pub struct Rule {
    /// The kinds of item it applies to; empty for any.
    pub kinds: &'static [Kind],
    pub change: Change,
    /// It applies only when the item's owner (a field's struct, a variant's enum) has none of
    /// these facts.
    pub owner_lacks: &'static [Fact],
    pub verdict: Verdict,
    /// Why, as the report says it.
    pub reason: &'static str,
}

const TYPES: &[Kind] = &[Kind::Struct, Kind::Enum];

/// The rules, most specific first.
pub const RULES: &[Rule] = &[
    Rule {
        kinds: &[Kind::Field],
        change: Change::Added,
        owner_lacks: &[Fact::NonExhaustive, Fact::PrivateFields],
        verdict: Verdict::Breaking,
        reason: "struct literals outside the crate must name every field",
    },
    Rule {
        kinds: &[Kind::Variant],
        change: Change::Added,
        owner_lacks: &[Fact::NonExhaustive],
        verdict: Verdict::Breaking,
        reason: "a `match` without a wildcard arm must name every variant",
    },
    Rule {
        kinds: &[Kind::Argument],
        change: Change::Added,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "every call must pass it",
    },
    Rule {
        kinds: &[Kind::Argument],
        change: Change::Moved,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "calls pass arguments by position",
    },
    Rule {
        kinds: &[],
        change: Change::Added,
        owner_lacks: &[],
        verdict: Verdict::Additive,
        reason: "nothing that compiled names it",
    },
    Rule {
        kinds: &[Kind::ErrorStatus],
        change: Change::Removed,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "`Error::error_body` no longer decodes this status's body",
    },
    Rule {
        kinds: &[],
        change: Change::Removed,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "code that names it no longer compiles",
    },
    Rule {
        kinds: &[],
        change: Change::Renamed,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "code that names it by its old name no longer compiles",
    },
    Rule {
        kinds: &[],
        change: Change::KindChanged,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "code that uses it as what it was no longer compiles",
    },
    Rule {
        kinds: &[Kind::ErrorStatus],
        change: Change::TypeChanged,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "the body is decoded into another `ErrorBody` variant",
    },
    Rule {
        kinds: &[],
        change: Change::TypeChanged,
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "code written for the old type no longer compiles",
    },
    Rule {
        kinds: TYPES,
        change: Change::Gained(Fact::NonExhaustive),
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "literals and exhaustive matches outside the crate no longer compile",
    },
    Rule {
        kinds: TYPES,
        change: Change::Lost(Fact::NonExhaustive),
        owner_lacks: &[],
        verdict: Verdict::Additive,
        reason: "literals and exhaustive matches become possible",
    },
    Rule {
        kinds: &[Kind::Struct],
        change: Change::Gained(Fact::PrivateFields),
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "struct literals outside the crate no longer compile",
    },
    Rule {
        kinds: &[Kind::Struct],
        change: Change::Lost(Fact::PrivateFields),
        owner_lacks: &[],
        verdict: Verdict::Additive,
        reason: "struct literals become possible",
    },
    Rule {
        kinds: &[Kind::Struct],
        change: Change::Lost(Fact::Default),
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "`Default::default()` no longer builds it",
    },
    Rule {
        kinds: &[Kind::Struct],
        change: Change::Gained(Fact::Default),
        owner_lacks: &[],
        verdict: Verdict::Additive,
        reason: "`Default::default()` builds it",
    },
    Rule {
        kinds: &[Kind::Feature],
        change: Change::Lost(Fact::DefaultFeature),
        owner_lacks: &[],
        verdict: Verdict::Breaking,
        reason: "builds that relied on it being on by default lose what it enables",
    },
    Rule {
        kinds: &[Kind::Feature],
        change: Change::Gained(Fact::DefaultFeature),
        owner_lacks: &[],
        verdict: Verdict::Additive,
        reason: "default builds gain what it enables",
    },
];

/// The first rule that fits a change to an item of `kind` whose owner has `owner_facts`.
/// Every change fits some rule; one that fit none would be breaking, to be safe.
pub fn classify(kind: Kind, change: Change, owner_facts: &[Fact]) -> (Verdict, &'static str) {
    RULES
        .iter()
        .find(|rule| {
            rule.change == change
                && (rule.kinds.is_empty() || rule.kinds.contains(&kind))
                && !rule.owner_lacks.iter().any(|f| owner_facts.contains(f))
        })
        .map_or((Verdict::Breaking, "no rule covers this change"), |rule| {
            (rule.verdict, rule.reason)
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_field_breaks_only_structs_others_can_build_with_a_literal() {
        let verdict = |facts: &[Fact]| classify(Kind::Field, Change::Added, facts).0;
        assert_eq!(verdict(&[]), Verdict::Breaking);
        assert_eq!(verdict(&[Fact::NonExhaustive]), Verdict::Additive);
        assert_eq!(verdict(&[Fact::PrivateFields]), Verdict::Additive);
    }

    #[test]
    fn a_new_variant_breaks_only_exhaustive_enums() {
        let verdict = |facts: &[Fact]| classify(Kind::Variant, Change::Added, facts).0;
        assert_eq!(verdict(&[]), Verdict::Breaking);
        assert_eq!(verdict(&[Fact::NonExhaustive]), Verdict::Additive);
    }

    #[test]
    fn arguments_break_setters_do_not() {
        assert_eq!(
            classify(Kind::Argument, Change::Added, &[]).0,
            Verdict::Breaking
        );
        assert_eq!(
            classify(Kind::Setter, Change::Added, &[Fact::PrivateFields]).0,
            Verdict::Additive
        );
        assert_eq!(
            classify(Kind::Argument, Change::Moved, &[]).0,
            Verdict::Breaking
        );
        // A paged list's new streams are methods no caller named.
        assert_eq!(
            classify(Kind::Stream, Change::Added, &[Fact::PrivateFields]).0,
            Verdict::Additive
        );
    }

    #[test]
    fn removals_renames_and_type_changes_break_whatever_the_kind() {
        let kinds = [
            Kind::Module,
            Kind::Const,
            Kind::Struct,
            Kind::Enum,
            Kind::TypeAlias,
            Kind::Field,
            Kind::Variant,
            Kind::Method,
            Kind::Argument,
            Kind::Setter,
            Kind::Stream,
            Kind::Response,
            Kind::ErrorStatus,
            Kind::Feature,
        ];
        for kind in kinds {
            for change in [Change::Removed, Change::Renamed, Change::TypeChanged] {
                assert_eq!(
                    classify(kind, change, &[Fact::NonExhaustive]).0,
                    Verdict::Breaking,
                    "{kind:?} {change:?}"
                );
            }
        }
    }

    #[test]
    fn facts_that_restrict_callers_break_when_gained() {
        for (kind, fact) in [
            (Kind::Struct, Fact::NonExhaustive),
            (Kind::Enum, Fact::NonExhaustive),
            (Kind::Struct, Fact::PrivateFields),
        ] {
            assert_eq!(
                classify(kind, Change::Gained(fact), &[]).0,
                Verdict::Breaking
            );
            assert_eq!(classify(kind, Change::Lost(fact), &[]).0, Verdict::Additive);
        }
        assert_eq!(
            classify(Kind::Struct, Change::Lost(Fact::Default), &[]).0,
            Verdict::Breaking
        );
        assert_eq!(
            classify(Kind::Struct, Change::Gained(Fact::Default), &[]).0,
            Verdict::Additive
        );
        let feature = |change| classify(Kind::Feature, change, &[]).0;
        assert_eq!(
            feature(Change::Lost(Fact::DefaultFeature)),
            Verdict::Breaking
        );
        assert_eq!(
            feature(Change::Gained(Fact::DefaultFeature)),
            Verdict::Additive
        );
        assert_eq!(feature(Change::Removed), Verdict::Breaking);
    }
}
