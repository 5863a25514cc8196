//! Dates as schools type them: `2026-09-01`, `2026-9-1`, `2026/9/1`,
//! `2026.9.1`, `2026年9月1日`, `20260901`, an Excel serial number, or a
//! date-time whose time part is ignored.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};

/// Parses a date typed in any of the accepted forms.
pub fn parse(text: &str) -> Option<NaiveDate> {
    // The ISO form, as expressions see every date, without splitting.
    if let Some(d) = parse_iso(text.as_bytes()) {
        return Some(d);
    }
    let t = text.trim();
    if t.is_empty() {
        return None;
    }
    // Drop a time part: "2026-09-01 08:30", "2026-09-01T08:30:00".
    let t = t.split(['T', ' ']).next().unwrap_or(t).trim();
    if let Some(d) = parse_ymd(t) {
        return Some(d);
    }
    if t.len() == 8 && t.bytes().all(|b| b.is_ascii_digit()) {
        let (y, rest) = t.split_at(4);
        let (m, d) = rest.split_at(2);
        return ymd(y, m, d);
    }
    // An Excel serial typed or stored as text: 46266 or 46266.5.
    if let Ok(n) = t.parse::<f64>() {
        return from_excel_serial(n);
    }
    None
}

/// `YYYY-MM-DD` exactly.
fn parse_iso(b: &[u8]) -> Option<NaiveDate> {
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    NaiveDate::from_ymd_opt(num(0..4)? as i32, num(5..7)?, num(8..10)?)
}

fn parse_ymd(t: &str) -> Option<NaiveDate> {
    let t = t.strip_suffix('日').unwrap_or(t);
    let mut parts = t.split(['-', '/', '.', '年', '月']);
    let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
    if parts.next().is_some() || y.len() != 4 {
        return None;
    }
    ymd(y, m, d)
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    let y: i32 = y.trim().parse().ok()?;
    let m: u32 = m.trim().parse().ok()?;
    let d: u32 = d.trim().parse().ok()?;
    NaiveDate::from_ymd_opt(y, m, d)
}

/// Converts an Excel serial date (1900 date system, with its phantom
/// 1900-02-29) to a date. Only serials between 1950 and 2100 are taken as
/// dates; other numbers are not dates.
pub fn from_excel_serial(n: f64) -> Option<NaiveDate> {
    if !(18264.0..=73051.0).contains(&n) {
        return None;
    }
    let base = NaiveDate::from_ymd_opt(1899, 12, 30)?;
    base.checked_add_signed(Duration::days(n.floor() as i64))
}

/// Parses a date and time: a date in any accepted form followed by
/// `HH:MM` or `HH:MM:SS` (a missing time is midnight), or an Excel serial
/// with a fraction of a day.
pub fn parse_datetime(text: &str) -> Option<NaiveDateTime> {
    // `2026-09-01 11:30` as most sheets have it, without allocating.
    if let Some(dt) = parse_iso_datetime(text.as_bytes()) {
        return Some(dt);
    }
    let t = text.trim();
    if let Ok(n) = t.parse::<f64>() {
        let d = from_excel_serial(n)?;
        let secs = ((n.fract()) * 86400.0).round() as i64;
        return Some(d.and_hms_opt(0, 0, 0)? + Duration::seconds(secs));
    }
    let (d, time) = match t.split_once([' ', 'T']) {
        Some((d, time)) => (d, time.trim()),
        None => (t, ""),
    };
    let date = parse(d)?;
    if time.is_empty() {
        return date.and_hms_opt(0, 0, 0);
    }
    // `时` and `点` separate like `:`; `分` is dropped (`8时30分`).
    let (mut parts, mut n) = ([0u32; 3], 0);
    for p in time.split([':', '时', '点']) {
        let dropped;
        let p = if p.contains('分') {
            dropped = p.replace('分', "");
            dropped.as_str()
        } else {
            p
        };
        if p.is_empty() {
            continue;
        }
        if n == 3 {
            return None;
        }
        parts[n] = p.trim().parse().ok()?;
        n += 1;
    }
    match (n, parts) {
        (1, [h, ..]) => date.and_hms_opt(h, 0, 0),
        (2, [h, m, _]) => date.and_hms_opt(h, m, 0),
        (3, [h, m, s]) => date.and_hms_opt(h, m, s),
        _ => None,
    }
}

/// `YYYY-MM-DD HH:MM`, `YYYY-MM-DDTHH:MM` or either with `:SS`, exactly.
fn parse_iso_datetime(b: &[u8]) -> Option<NaiveDateTime> {
    if !matches!(b.len(), 16 | 19) || !matches!(b[10], b' ' | b'T') || b[13] != b':' {
        return None;
    }
    let two = |i: usize| -> Option<u32> {
        let (a, c) = (b[i], b[i + 1]);
        (a.is_ascii_digit() && c.is_ascii_digit())
            .then(|| u32::from(a - b'0') * 10 + u32::from(c - b'0'))
    };
    let s = if b.len() == 19 {
        if b[16] != b':' {
            return None;
        }
        two(17)?
    } else {
        0
    };
    parse_iso(&b[..10])?.and_hms_opt(two(11)?, two(14)?, s)
}

/// `n` days after `d` (before, when negative); `None` past the calendar's
/// range, where chrono's `+` would panic.
pub fn add_days(d: NaiveDate, n: i64) -> Option<NaiveDate> {
    d.checked_add_signed(Duration::try_days(n)?)
}

/// ISO form, as dates are shown to expressions and in results.
pub fn iso(d: NaiveDate) -> String {
    iso_str(&iso_bytes(d)).to_string()
}

/// The ISO form without allocating: expressions read every date cell of
/// every row in this form (not `d.format(..)`, which parses its format
/// string on every call).
pub fn iso_bytes(d: NaiveDate) -> [u8; 10] {
    let (y, m, day) = (d.year().clamp(0, 9999) as u32, d.month(), d.day());
    let digit = |n: u32| b'0' + (n % 10) as u8;
    [
        digit(y / 1000),
        digit(y / 100),
        digit(y / 10),
        digit(y),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(day / 10),
        digit(day),
    ]
}

/// The text of [`iso_bytes`].
pub fn iso_str(b: &[u8; 10]) -> &str {
    std::str::from_utf8(b).unwrap_or("0000-00-00")
}

/// Whole years from `birth` to `on` (an age).
pub fn years_between(birth: NaiveDate, on: NaiveDate) -> i64 {
    let mut years = (on.year() - birth.year()) as i64;
    if (on.month(), on.day()) < (birth.month(), birth.day()) {
        years -= 1;
    }
    years
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_gives_the_same_day() {
        let want = NaiveDate::from_ymd_opt(2026, 9, 1);
        for s in [
            "2026-09-01",
            "2026-9-1",
            "2026/9/1",
            "2026/09/01",
            "2026.9.1",
            "2026年9月1日",
            "2026年09月01日",
            "20260901",
            "46266",
            "2026-09-01 08:00:00",
            " 2026-9-1 ",
        ] {
            assert_eq!(parse(s), want, "{s}");
        }
    }

    #[test]
    fn iso_round_trips() {
        for (y, m, d) in [(2026, 9, 1), (1999, 12, 31), (2100, 1, 9)] {
            let day = NaiveDate::from_ymd_opt(y, m, d).unwrap();
            assert_eq!(iso(day), day.format("%Y-%m-%d").to_string());
            assert_eq!(parse(&iso(day)), Some(day));
        }
        assert_eq!(parse("2026-02-30"), None);
        assert_eq!(parse("2026-0a-01"), None);
    }

    #[test]
    fn non_dates_are_refused() {
        for s in [
            "",
            "明天",
            "2026-13-01",
            "2026-02-30",
            "9/1",
            "12",
            "2026年9月",
        ] {
            assert_eq!(parse(s), None, "{s}");
        }
    }

    #[test]
    fn date_times() {
        let a = parse_datetime("2026-09-01 11:30").unwrap();
        let b = parse_datetime("2026/9/3 12:00:00").unwrap();
        assert_eq!((b - a).num_minutes(), 48 * 60 + 30);
        assert_eq!(
            parse_datetime("46266.5").unwrap().to_string(),
            "2026-09-01 12:00:00"
        );
        assert!(parse_datetime("2026-09-01 25:00").is_none());
        // The exact ISO forms (read without allocating) and the loose ones
        // agree.
        for (exact, loose) in [
            ("2026-09-01 08:05", "2026-9-1 8:05"),
            ("2026-09-01T08:05:09", "2026年9月1日 8时5分:09"),
        ] {
            assert_eq!(parse_datetime(exact), parse_datetime(loose), "{exact}");
            assert!(parse_datetime(exact).is_some());
        }
        assert!(parse_datetime("2026-02-30 08:00").is_none());
        assert_eq!(
            parse_datetime("2026/9/1 8点").unwrap().to_string(),
            "2026-09-01 08:00:00"
        );
        assert!(parse_datetime("2026/9/1 8:00:00:00").is_none());
        assert!(parse_datetime("2026/9/1 8: :00").is_none());
        assert!(parse_datetime("2026-09-01 08:0x").is_none());
    }

    #[test]
    fn ages() {
        let b = NaiveDate::from_ymd_opt(2010, 9, 2).unwrap();
        assert_eq!(
            years_between(b, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()),
            15
        );
        assert_eq!(
            years_between(b, NaiveDate::from_ymd_opt(2026, 9, 2).unwrap()),
            16
        );
    }
}
