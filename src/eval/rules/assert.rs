//! `assert`: conditions on the school profile and the dates.

use super::{Ctx, Outcome};
use crate::checklist::AssertRule;
use crate::result::Location;
use compact_str::format_compact;

pub fn run(r: &AssertRule, cx: &Ctx) -> Outcome {
    let mut out = Outcome::default();
    let ctx = cx.with([]);
    for (i, a) in r.assert.iter().enumerate() {
        out.units += 1;
        if let Some(msg) = super::failed(a, &ctx) {
            let loc = if a.test.source.contains("school.") {
                Location::file(crate::profile::FILE)
            } else {
                Location::default()
            };
            out.finding(
                format_compact!("assert:{i}"),
                a.code.as_deref().unwrap_or("condition-not-met"),
                msg,
                loc,
            );
        }
    }
    out
}
