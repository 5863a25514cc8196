//! Last term's results of some samples (`samples/previous/`), for 回头看:
//! the sample's school with the flaws it had last term, built by the same
//! generator, evaluated by ducha, and moved back to the spring term.
//!
//! The generator's calendar is the autumn term's, so the submission is
//! built and evaluated in autumn and every date of the result (the
//! inspection date, the term start, deadlines, dates quoted in findings)
//! is then moved back a whole number of weeks
//! ([`crate::curated::PREVIOUS_TERM_WEEKS`]): every verdict was computed
//! on dates the same distance apart, and weekdays stay weekdays.

use crate::{build, write_folder, Spec, Sub};
use chrono::{Duration, NaiveDate};
use std::path::Path;

/// The result JSON of `spec`'s school last term, with `flaws` then.
pub fn previous_result(
    spec: &Spec,
    flaws: fn(&mut Sub<'_>),
    scratch: &Path,
) -> Result<String, String> {
    let mut then = spec.clone();
    then.flaws = flaws;
    let dir = scratch.join(&spec.folder);
    write_folder(&dir, &build(&then)).map_err(|e| format!("{}: {e}", dir.display()))?;
    let cl = ducha::pipeline::load_checklist(None).map_err(|e| e.to_string())?;
    let r = ducha::pipeline::check(&dir, &cl, &Default::default()).map_err(|e| e.to_string())?;
    let mut v = serde_json::to_value(&r).map_err(|e| e.to_string())?;
    let back = Duration::weeks(crate::curated::PREVIOUS_TERM_WEEKS);
    shift(&mut v, back);
    let r: ducha::result::InspectionResult =
        serde_json::from_value(v).map_err(|e| e.to_string())?;
    let mut out = Vec::new();
    ducha::output::json::write(&r, &mut out).map_err(|e| e.to_string())?;
    String::from_utf8(out).map_err(|e| e.to_string())
}

/// Moves every `YYYY-MM-DD` in the strings of `v` back by `by`.
fn shift(v: &mut serde_json::Value, by: Duration) {
    use serde_json::Value;
    match v {
        Value::String(s) => *s = shift_text(s, by),
        Value::Array(a) => a.iter_mut().for_each(|x| shift(x, by)),
        Value::Object(o) => o.values_mut().for_each(|x| shift(x, by)),
        _ => {}
    }
}

fn shift_text(s: &str, by: Duration) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < b.len() {
        let date = b.get(i..i + 10).filter(|w| {
            w.iter().enumerate().all(|(k, c)| {
                if k == 4 || k == 7 {
                    *c == b'-'
                } else {
                    c.is_ascii_digit()
                }
            })
        });
        let bounded = i == 0 || !b[i - 1].is_ascii_digit();
        match date
            .filter(|_| bounded)
            .and_then(|w| NaiveDate::parse_from_str(std::str::from_utf8(w).ok()?, "%Y-%m-%d").ok())
        {
            Some(d) => {
                out.push_str(&(d - by).format("%Y-%m-%d").to_string());
                i += 10;
            }
            None => {
                let ch = s[i..].chars().next().unwrap_or(' ');
                out.push(ch);
                i += ch.len_utf8();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_move_back_whole_weeks_and_nothing_else_changes() {
        let w = Duration::weeks(27);
        assert_eq!(shift_text("2026-09-01", w), "2026-02-24");
        assert_eq!(
            shift_text("应于 2026-09-30 前完成,第12026-09-01行", w),
            "应于 2026-03-25 前完成,第12026-09-01行"
        );
        assert_eq!(shift_text("电话 0712-4223518", w), "电话 0712-4223518");
    }
}
