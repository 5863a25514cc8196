//! A submission being built: the school's people and classes, its
//! tables and files, and the inspectors' on-site scores.

use super::calendar::day;
use super::names::Names;
use super::rng::Rng;
use super::spec::{Spec, TERM_START};
use super::table::{Fmt, Table, DATE_STYLES};
use super::write;
use chrono::NaiveDate;
use std::collections::BTreeMap;

pub(crate) struct Class {
    pub(crate) name: String,
    pub(crate) grade: i32,
    pub(crate) size: i64,
    pub(crate) teacher: String,
}

pub(crate) struct Staff {
    pub(crate) name: String,
    pub(crate) post: String,
}

pub(crate) struct Kid {
    pub(crate) name: String,
    pub(crate) girl: bool,
    pub(crate) birth: NaiveDate,
    pub(crate) class: String,
    pub(crate) guardian: String,
    pub(crate) relation: &'static str,
    pub(crate) guardian_phone: String,
    pub(crate) parent_phone: String,
    pub(crate) address: String,
    pub(crate) mentor: String,
    pub(crate) updated: NaiveDate,
}

/// One on-site score of the inspection sheet.
pub(crate) struct Onsite {
    pub(crate) item: &'static str,
    pub(crate) score: f64,
    pub(crate) finding: String,
    pub(crate) photos: Vec<String>,
    /// The inspectors mark the item vetoed (一票否决).
    pub(crate) veto: bool,
}

/// A submission being built from its profile.
pub struct Sub<'a> {
    pub(crate) spec: &'a Spec,
    pub(crate) rng: Rng,
    pub(crate) names: Names,
    pub(crate) date: NaiveDate,
    pub(crate) term_start: NaiveDate,
    pub(crate) classes: Vec<Class>,
    pub(crate) staff: Vec<Staff>,
    pub(crate) kids: Vec<Kid>,
    pub(crate) tables: BTreeMap<&'static str, Table>,
    pub(crate) files: BTreeMap<String, Vec<u8>>,
    pub(crate) onsite: Vec<Onsite>,
    pub(crate) self_scores: Vec<(&'static str, f64)>,
    pub(crate) team: Vec<(&'static str, &'static str)>,
    /// Items the bureau excused: (item, reason, approved by, until).
    pub(crate) waivers: Vec<(&'static str, String, String, NaiveDate)>,
    pub(crate) styles_used: usize,
    /// Items the synthetic flaws are meant to cost points.
    pub(crate) flawed: Vec<&'static str>,
}

impl<'a> Sub<'a> {
    pub(crate) fn new(spec: &'a Spec) -> Sub<'a> {
        let mut sub = Sub {
            spec,
            rng: Rng(spec.seed.wrapping_mul(0x2545_F491_4F6C_DD1D)),
            names: Names {
                used: vec![spec.principal.to_string()],
            },
            date: spec.date,
            term_start: day(TERM_START.0, TERM_START.1),
            classes: Vec::new(),
            staff: Vec::new(),
            kids: Vec::new(),
            tables: BTreeMap::new(),
            files: BTreeMap::new(),
            onsite: Vec::new(),
            self_scores: Vec::new(),
            team: Vec::new(),
            waivers: Vec::new(),
            styles_used: spec.seed as usize,
            flawed: Vec::new(),
        };
        sub.make_staff();
        sub.make_classes();
        sub.make_kids();
        sub
    }

    pub(crate) fn t(&mut self, key: &str) -> &mut Table {
        self.tables
            .get_mut(key)
            .unwrap_or_else(|| panic!("no table {key}"))
    }

    /// Adds a table; dates rotate through the typed forms school by school.
    pub(crate) fn table(
        &mut self,
        key: &'static str,
        path: &str,
        title: &str,
        headers: &[&str],
        fmt: Fmt,
    ) {
        let dates = DATE_STYLES[self.styles_used % DATE_STYLES.len()];
        self.styles_used += 1;
        let table = Table {
            path: path.to_string(),
            title: format!("{}{title}", self.spec.name),
            note: None,
            headers: headers.iter().map(|h| h.to_string()).collect(),
            rows: Vec::new(),
            fmt,
            dates,
        };
        self.tables.insert(key, table);
    }

    pub(crate) fn file(&mut self, path: impl Into<String>, bytes: Vec<u8>) {
        self.files.insert(path.into(), bytes);
    }

    pub(crate) fn photo(&mut self, path: &str) {
        let seed = self.rng.next();
        self.file(path, write::jpg(64, 48, seed));
    }

    pub(crate) fn score(&mut self, item: &'static str, score: f64, finding: &str, photos: &[&str]) {
        self.onsite.retain(|o| o.item != item);
        self.onsite.push(Onsite {
            item,
            score,
            finding: finding.to_string(),
            photos: photos.iter().map(|p| p.to_string()).collect(),
            veto: false,
        });
    }
}
