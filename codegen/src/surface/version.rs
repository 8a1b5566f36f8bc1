//! The version a crate needs after a change of its API, by Cargo's reading of semver: the
//! left-most non-zero part of the version is the one a breaking change bumps (0.x: the minor),
//! the part after it the one an additive change bumps (0.x: the patch).

use std::cmp::Ordering;
use std::fmt;

use super::rules::Verdict;

/// A `MAJOR.MINOR.PATCH` version; pre-release and build labels are kept only to be compared
/// and dropped by any bump.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Version {
    pub major: u64,
    pub minor: u64,
    pub patch: u64,
    /// `-alpha.1`, `+build`: whatever follows the patch.
    pub label: String,
}

impl Version {
    pub fn parse(text: &str) -> Option<Self> {
        let text = text.trim();
        let end = text.find(['-', '+']).unwrap_or(text.len());
        let mut parts = text[..end].split('.');
        let mut next = || parts.next()?.parse::<u64>().ok();
        let version = Version {
            major: next()?,
            minor: next()?,
            patch: next()?,
            label: text[end..].to_owned(),
        };
        parts.next().is_none().then_some(version)
    }

    /// The version a release with changes of this verdict needs; the same version when nothing
    /// changed.
    pub fn bump(&self, verdict: Option<Verdict>) -> Version {
        let Some(verdict) = verdict else {
            return self.clone();
        };
        let (major, minor, patch) = (self.major, self.minor, self.patch);
        let (major, minor, patch) = match (verdict, major, minor) {
            (Verdict::Breaking, 0, 0) => (0, 0, patch + 1),
            (Verdict::Breaking, 0, _) => (0, minor + 1, 0),
            (Verdict::Breaking, _, _) => (major + 1, 0, 0),
            (Verdict::Additive, 0, _) => (0, minor, patch + 1),
            (Verdict::Additive, _, _) => (major, minor + 1, 0),
        };
        Version {
            major,
            minor,
            patch,
            label: String::new(),
        }
    }

    /// Whether this version is at least `required`, comparing the numbers only.
    pub fn satisfies(&self, required: &Version) -> bool {
        self.numbers().cmp(&required.numbers()) != Ordering::Less
    }

    fn numbers(&self) -> (u64, u64, u64) {
        (self.major, self.minor, self.patch)
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}.{}.{}{}",
            self.major, self.minor, self.patch, self.label
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bumped(from: &str, verdict: Option<Verdict>) -> String {
        Version::parse(from).unwrap().bump(verdict).to_string()
    }

    #[test]
    fn zero_versions_bump_the_minor_for_breaking_changes_and_the_patch_for_additions() {
        assert_eq!(bumped("0.1.0", Some(Verdict::Breaking)), "0.2.0");
        assert_eq!(bumped("0.1.3", Some(Verdict::Additive)), "0.1.4");
        assert_eq!(bumped("0.1.3", None), "0.1.3");
        assert_eq!(bumped("0.0.4", Some(Verdict::Breaking)), "0.0.5");
    }

    #[test]
    fn stable_versions_bump_the_major_for_breaking_changes_and_the_minor_for_additions() {
        assert_eq!(bumped("1.4.2", Some(Verdict::Breaking)), "2.0.0");
        assert_eq!(bumped("1.4.2", Some(Verdict::Additive)), "1.5.0");
        assert_eq!(bumped("1.0.0-rc.1", Some(Verdict::Additive)), "1.1.0");
    }

    #[test]
    fn versions_parse_strictly_and_compare_by_number() {
        assert_eq!(Version::parse("1.2"), None);
        assert_eq!(Version::parse("1.2.3.4"), None);
        assert_eq!(Version::parse("x.1.2"), None);
        let v = |t| Version::parse(t).unwrap();
        assert_eq!(v("0.2.0-beta").to_string(), "0.2.0-beta");
        assert!(v("0.2.0").satisfies(&v("0.2.0")));
        assert!(v("0.3.0").satisfies(&v("0.2.1")));
        assert!(!v("0.1.9").satisfies(&v("0.2.0")));
    }
}
