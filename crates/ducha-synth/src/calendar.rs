//! Dates of the 2026 autumn term: constructors and school days.

use chrono::{Datelike, NaiveDate, NaiveDateTime, Weekday};

pub(crate) fn day(m: u32, d: u32) -> NaiveDate {
    ymd(2026, m, d)
}

pub(crate) fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid date")
}

pub(crate) fn at(d: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    d.and_hms_opt(h, m, 0).expect("valid time")
}

pub(crate) fn is_school_day(d: NaiveDate) -> bool {
    !matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
}

/// School days from the term start up to the day before `until`.
pub(crate) fn school_days(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d < until)
        .filter(|d| is_school_day(*d))
        .collect()
}

pub(crate) fn weekends(from: NaiveDate, until: NaiveDate) -> Vec<NaiveDate> {
    from.iter_days()
        .take_while(|d| *d < until)
        .filter(|d| !is_school_day(*d))
        .collect()
}
