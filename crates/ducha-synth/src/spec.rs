//! A school's profile (`Spec`): everything its clean submission is
//! built from, and the school types (`Kind`).

use super::sub::Sub;
use chrono::NaiveDate;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Kindergarten,
    Primary,
    Junior,
    NineYear,
    Senior,
    Vocational,
}

impl Kind {
    pub fn id(self) -> &'static str {
        match self {
            Kind::Kindergarten => "kindergarten",
            Kind::Primary => "primary",
            Kind::Junior => "junior",
            Kind::NineYear => "nine_year",
            Kind::Senior => "senior",
            Kind::Vocational => "vocational",
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            Kind::Kindergarten => "幼儿园",
            Kind::Primary => "小学",
            Kind::Junior => "初中",
            Kind::NineYear => "九年一贯制学校",
            Kind::Senior => "普通高中",
            Kind::Vocational => "中等职业学校",
        }
    }
    /// Grades taught: kindergarten classes are -2 (小班) to 0 (大班).
    pub fn grades(self) -> std::ops::RangeInclusive<i32> {
        match self {
            Kind::Kindergarten => -2..=0,
            Kind::Primary => 1..=6,
            Kind::Junior => 7..=9,
            Kind::NineYear => 1..=9,
            Kind::Senior | Kind::Vocational => 10..=12,
        }
    }
    pub fn compulsory(self) -> bool {
        matches!(self, Kind::Primary | Kind::Junior | Kind::NineYear)
    }
    pub fn head(self) -> &'static str {
        if self == Kind::Kindergarten {
            "园长"
        } else {
            "校长"
        }
    }
}

/// A school's profile: everything the clean submission is built from.
#[derive(Clone)]
pub struct Spec {
    pub folder: String,
    pub name: String,
    pub code: String,
    pub kind: Kind,
    pub township: String,
    pub villages: Vec<String>,
    pub principal: String,
    pub phone: String,
    pub classes_per_grade: usize,
    pub class_size: (i64, i64),
    pub teachers: usize,
    pub left_behind: usize,
    /// One child learning in a regular class and one taught at home.
    pub special_ed: bool,
    pub migrants: usize,
    pub canteen: bool,
    pub buses: usize,
    pub boarding: bool,
    /// The inspection (or self-audit) date.
    pub date: NaiveDate,
    pub inspected: bool,
    pub licence_expires: NaiveDate,
    pub seed: u64,
    /// What the sample demonstrates (for the README).
    pub demonstrates: String,
    /// The items `flaws` makes lose points, with the score each should
    /// get; the README lists every verdict that differs from this design.
    pub issues: Vec<(&'static str, f64)>,
    pub flaws: fn(&mut Sub<'_>),
}

pub const COUNTY: &str = "澴阳县";
pub const TERM_START: (u32, u32) = (9, 1);
