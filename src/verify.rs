//! `ducha verify RESULT.json DIR|ZIP`: whether a submission is still the
//! one inspected, by the result's manifest (every file's path, size and
//! SHA-256).

use crate::evidence::Evidence;
use crate::result::InspectionResult;
use std::collections::BTreeMap;

/// How a submission differs from the manifest of a result.
#[derive(Debug, Default, PartialEq)]
pub struct Diff {
    /// Files whose content changed.
    pub changed: Vec<String>,
    /// Files that were not there when it was inspected.
    pub added: Vec<String>,
    /// Files that were there and are gone.
    pub removed: Vec<String>,
}

impl Diff {
    pub fn is_empty(&self) -> bool {
        self.changed.is_empty() && self.added.is_empty() && self.removed.is_empty()
    }
}

/// Compares the submission now with the result's manifest.
pub fn verify(result: &InspectionResult, now: &Evidence) -> Diff {
    // The inspectors' photos kept in the submission were there too.
    let photos = result
        .inspection
        .iter()
        .flat_map(|t| &t.photos)
        .filter(|p| p.in_submission)
        .map(|p| (p.path.as_str(), (p.sha256.as_str(), p.bytes)));
    let then: BTreeMap<&str, (&str, u64)> = result
        .manifest
        .iter()
        .map(|m| (m.path.as_str(), (m.sha256.as_str(), m.bytes)))
        .chain(photos)
        .collect();
    let mut diff = Diff::default();
    for f in &now.files {
        match then.get(f.path.as_str()) {
            None => diff.added.push(f.path.clone()),
            Some((sha, bytes)) if *sha != f.sha256 || *bytes != f.bytes => {
                diff.changed.push(f.path.clone())
            }
            Some(_) => {}
        }
    }
    for path in then.keys() {
        if now.get(path).is_none() {
            diff.removed.push(path.to_string());
        }
    }
    diff
}
