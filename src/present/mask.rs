//! Masking of personal data in everything ducha writes: mobile and
//! landline numbers (138****5678), ID card numbers (420921********1234),
//! and with `--redact` children's names (张**).

use crate::result::InspectionResult;
use regex::Regex;
use std::sync::OnceLock;

/// A kind of number to mask: its pattern (no boundaries: those are
/// checked around each match, so that two numbers side by side are both
/// found), how many of its leading digits stay, and what replaces the
/// masked digits.
struct Kind {
    re: Regex,
    /// Leading digits kept, counted from the start of the match, or from
    /// the start of the capture group `keep` when the pattern has one.
    head: usize,
    /// Trailing characters kept (digits, or an ID's final X).
    tail: usize,
    stars: &'static str,
}

fn kinds() -> &'static [Kind; 3] {
    static K: OnceLock<[Kind; 3]> = OnceLock::new();
    K.get_or_init(|| {
        let re = |p: &str| Regex::new(p).expect("masking pattern");
        [
            // ID card: 17 digits and a digit or X, in groups of 6, 8, 4
            // with an optional space between.
            Kind {
                re: re(r"\d{6} ?\d{8} ?\d{3}[0-9Xx]"),
                head: 6,
                tail: 4,
                stars: "********",
            },
            // Mobile: 1[3-9] and 9 digits, as 3-4-4 with optional spaces
            // or dashes, after an optional +86 / 86.
            Kind {
                re: re(r"(?:\+?86[ -]?)?(?P<keep>1[3-9]\d)[ -]?\d{4}[ -]?\d{4}"),
                head: 3,
                tail: 4,
                stars: "****",
            },
            // Landline with area code: 0xx(x)-xxxxxxx(x).
            Kind {
                re: re(r"(?P<keep>0\d{2,3}-?)\d{3,4}\d{4}"),
                head: usize::MAX,
                tail: 4,
                stars: "****",
            },
        ]
    })
}

/// Masks phone and ID numbers in a text: mobiles (138****5678, also
/// written 138 1234 5678, 139-1234-5678 or +86 13812345678), landlines
/// with an area code (0712-****5678) and ID numbers (420921********123X).
/// A number inside a longer run of digits is none of these (dates,
/// counts and codes stay).
pub fn mask(text: &str) -> String {
    // Every kind needs seven digits in a row (a landline's number after
    // its area code is the shortest); most texts have none.
    if !digit_run(text, 7) {
        return text.to_string();
    }
    let mut s = text.to_string();
    for k in kinds() {
        s = mask_kind(&s, k);
    }
    mask_quoted(&s)
}

/// A value of seven or more digits that a finding quotes as typed
/// (「4731256」, 「1387125063」): a phone or ID number too short, too long
/// or mistyped for the patterns above, still a child's or guardian's
/// number. Masked after its first three digits.
fn mask_quoted(text: &str) -> String {
    let re = quoted();
    if !re.is_match(text) {
        return text.to_string();
    }
    re.replace_all(text, |c: &regex::Captures| {
        format!("「{}{}」", &c[1], "*".repeat(c[2].len()))
    })
    .into_owned()
}

fn quoted() -> &'static Regex {
    static QUOTED: OnceLock<Regex> = OnceLock::new();
    QUOTED.get_or_init(|| Regex::new(r"「(\d{3})(\d{4,})」").expect("quoted number pattern"))
}

/// Compiles the patterns of [`mask`] now (see [`crate::warm_up`]).
pub fn warm_up() {
    kinds();
    quoted();
}

/// What the bureau's aggregates show of a finding: [`mask`], and a bare
/// number of 7 or 8 digits (a local landline written without its area
/// code, 473****) masked too, as a count or date is never that long in a
/// finding. Longer runs are codes and stay.
pub fn mask_for_bureau(text: &str) -> String {
    let s = mask(text);
    if !digit_run(&s, 7) {
        return s;
    }
    // The kind is made once: a cloned Regex starts with an empty pool of
    // search caches, and building one per text was 8 % of the instructions
    // of an aggregate.
    static LOCAL: OnceLock<Kind> = OnceLock::new();
    let local = LOCAL.get_or_init(|| Kind {
        re: Regex::new(r"\d{7,8}").expect("local number pattern"),
        head: 3,
        tail: 0,
        stars: "****",
    });
    mask_kind(&s, local)
}

fn mask_kind(text: &str, k: &Kind) -> String {
    let mut out = String::with_capacity(text.len());
    let mut done = 0; // bytes of `text` already copied to `out`
    let mut from = 0;
    while let Some(c) = k.re.captures_at(text, from) {
        let m = c.get(0).expect("whole match");
        let before = text[..m.start()].chars().next_back();
        let after = text[m.end()..].chars().next();
        let bounded = !before.is_some_and(|b| b.is_ascii_digit())
            && !after.is_some_and(|a| a.is_ascii_digit() || a == 'X' || a == 'x');
        if !bounded {
            // Not a number of its own; look again one character on.
            from = m.start() + text[m.start()..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        // The kept head: the `keep` group, or the first `head` digits.
        let head_end = match c.name("keep") {
            Some(g) if k.head == usize::MAX => g.end(),
            Some(g) => g.start() + k.head,
            None => nth_digit_end(&text[m.start()..m.end()], k.head) + m.start(),
        };
        let tail_start = m.end() - k.tail;
        out.push_str(&text[done..head_end]);
        // Separators right after the head or before the tail stay.
        let middle = &text[head_end..tail_start];
        let lead = middle.len() - middle.trim_start_matches([' ', '-']).len();
        let trail = middle.len() - middle.trim_end_matches([' ', '-']).len();
        out.push_str(&middle[..lead]);
        out.push_str(k.stars);
        out.push_str(&middle[middle.len() - trail..]);
        out.push_str(&text[tail_start..m.end()]);
        done = m.end();
        from = m.end();
    }
    out.push_str(&text[done..]);
    out
}

/// The byte offset just after the `n`-th ASCII digit of `s`.
fn nth_digit_end(s: &str, n: usize) -> usize {
    s.char_indices()
        .filter(|(_, c)| c.is_ascii_digit())
        .nth(n.saturating_sub(1))
        .map_or(0, |(i, c)| i + c.len_utf8())
}

/// Whether `text` has `n` ASCII digits in a row, spaces and dashes
/// between them allowed (a phone written 138 1234 5678).
fn digit_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_ascii_digit() {
            run += 1;
            if run >= n {
                return true;
            }
        } else if !matches!(c, ' ' | '-') {
            run = 0;
        }
    }
    false
}

/// The result as it may be written: phone and ID numbers masked in
/// every text that people wrote or that quotes their cells (finding
/// messages, on-site findings, notes, the rectification list, warnings).
/// Evaluation masks its result ([`mask_in_place`]); every writer of a
/// result (JSON, terminal, the bureau workbook) still calls this, for a
/// result read from a file or made otherwise, and the PDF view masks its
/// strings with [`mask_json`]. Paths, hashes and codes are not touched.
///
/// A result with nothing to mask (the usual case: findings name rows and
/// files, not numbers) is borrowed, not copied: a result of 100,000
/// children is some hundred MB, and its copy was half of `check`'s
/// memory. [`texts`] and the copy below name the same fields.
pub fn masked(r: &InspectionResult) -> std::borrow::Cow<'_, InspectionResult> {
    if texts(r).all(|t| !digit_run(t, 7) || mask(t) == t) {
        return std::borrow::Cow::Borrowed(r);
    }
    std::borrow::Cow::Owned(masked_copy(r))
}

/// The texts [`masked`] masks.
fn texts(r: &InspectionResult) -> impl Iterator<Item = &str> {
    let items = r.items.iter().flat_map(|i| {
        i.findings
            .iter()
            .map(|f| f.message.as_str())
            .chain(i.onsite.iter().map(|o| o.finding.as_str()))
            .chain(std::iter::once(i.note.as_str()))
    });
    let rects = r
        .rectifications
        .iter()
        .flat_map(|rc| rc.findings.iter().map(String::as_str));
    let followup = r
        .followup
        .iter()
        .flat_map(|f| &f.items)
        .flat_map(|f| f.findings.iter().map(|pf| pf.message.as_str()));
    items
        .chain(rects)
        .chain(r.warnings.iter().map(String::as_str))
        .chain(followup)
}

fn masked_copy(r: &InspectionResult) -> InspectionResult {
    let mut r = r.clone();
    mask_in_place(&mut r);
    r
}

/// Masks the texts of a result in place (evaluation does, once, so that
/// a result is masked when made); a text is replaced only where it
/// changes.
pub fn mask_in_place(r: &mut InspectionResult) {
    let put = |t: &mut String| {
        if digit_run(t, 7) {
            let m = mask(t);
            if m != *t {
                *t = m;
            }
        }
    };
    for i in &mut r.items {
        for f in &mut i.findings {
            put(&mut f.message);
        }
        if let Some(o) = &mut i.onsite {
            put(&mut o.finding);
        }
        put(&mut i.note);
    }
    for rc in &mut r.rectifications {
        for f in &mut rc.findings {
            put(f);
        }
    }
    for w in &mut r.warnings {
        put(w);
    }
    for f in r.followup.iter_mut().flat_map(|f| &mut f.items) {
        for pf in &mut f.findings {
            put(&mut pf.message);
        }
    }
}

/// Masks phone and ID numbers in every string of a JSON value, except
/// under the keys in `keep` (hashes, ratios).
pub fn mask_json(v: &mut serde_json::Value, keep: &[&str]) {
    fn walk(v: &mut serde_json::Value, key: &str, keep: &[&str]) {
        match v {
            serde_json::Value::String(s) if !keep.contains(&key) => {
                let m = mask(s);
                if m != *s {
                    *s = m;
                }
            }
            serde_json::Value::Object(map) => {
                for (k, child) in map.iter_mut() {
                    walk(child, k, keep);
                }
            }
            serde_json::Value::Array(a) => {
                for child in a.iter_mut() {
                    walk(child, key, keep);
                }
            }
            _ => {}
        }
    }
    walk(v, "", keep)
}

/// Whether a finding's subject is a person's name (2 to 6 Chinese
/// characters, a middle dot allowed: 李静晨, 阿依古丽·买买提) rather than a
/// date, an extinguisher's number or a dish: only names are masked in
/// what the bureau gets, so that 2026-09-09 and MH-006 still say which.
pub fn is_name(s: &str) -> bool {
    let s = s.trim();
    let n = s.chars().count();
    (2..=12).contains(&n)
        && s.chars()
            .all(|c| c == '·' || ('\u{4e00}'..='\u{9fff}').contains(&c))
        && s.chars().filter(|&c| c != '·').count() <= 10
}

/// Masks a person's name: the family name stays (张**).
pub fn mask_name(name: &str) -> String {
    let mut chars = name.chars();
    match chars.next() {
        None => String::new(),
        Some(first) => {
            let rest = chars.count().max(1);
            format!("{first}{}", "*".repeat(rest))
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn names_are_told_from_dates_and_codes() {
        for name in ["李静晨", "欧阳娜娜", "阿依古丽·买买提"] {
            assert!(super::is_name(name), "{name}");
        }
        for other in ["2026-09-09", "MH-006", "土豆烧鸡2", "张", ""] {
            assert!(!super::is_name(other), "{other}");
        }
    }

    #[test]
    fn quoted_numbers_of_any_length_are_masked() {
        assert_eq!(
            super::mask("监护人电话「4731256」不是有效的手机号"),
            "监护人电话「473****」不是有效的手机号"
        );
        assert_eq!(super::mask("「1387125063」"), "「138*******」");
        assert_eq!(super::mask("缺「6」册"), "缺「6」册");
    }

    use super::*;

    /// Evaluation masks its result, so a writer finds nothing to mask and
    /// copies nothing; a number put back as typed is masked in a copy.
    #[test]
    fn a_result_masked_when_made_is_written_without_a_copy() {
        use std::borrow::Cow;
        let cl = crate::checklist::load(None).unwrap();
        let dir =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/02-城关第二初级中学");
        let mut r = crate::pipeline::check(&dir, &cl, &Default::default()).unwrap();
        assert!(matches!(masked(&r), Cow::Borrowed(_)));
        let f = r
            .items
            .iter_mut()
            .flat_map(|i| &mut i.findings)
            .find(|f| f.message.contains("「473****」"))
            .unwrap();
        f.message = f.message.replace("「473****」", "「4731256」");
        let m = masked(&r);
        assert!(matches!(m, Cow::Owned(_)));
        let text = serde_json::to_string(&*m).unwrap();
        assert!(text.contains("「473****」") && !text.contains("4731256"));
    }

    #[test]
    fn phones_and_ids_are_masked() {
        assert_eq!(
            mask("父母电话 13812345678 有误"),
            "父母电话 138****5678 有误"
        );
        assert_eq!(mask("0712-2345678"), "0712-****5678");
        assert_eq!(mask("电话027-8765432。"), "电话027-****5432。");
        assert_eq!(mask("编号 123456 与 1234567"), "编号 123456 与 1234567");
        assert_eq!(
            mask("身份证 42092120100901123X"),
            "身份证 420921********123X"
        );
        assert_eq!(mask("共 36 人,2026-09-01"), "共 36 人,2026-09-01");
        assert_eq!(mask_name("张小明"), "张**");
        assert_eq!(
            mask_for_bureau("监护人电话「4731256」无效,共 36 人"),
            "监护人电话「473****」无效,共 36 人"
        );
        assert_eq!(
            mask_for_bureau("标识码 2142001202,电话 13812345678"),
            "标识码 2142001202,电话 138****5678"
        );
        // Two numbers side by side, and the ways clerks write them.
        assert_eq!(mask("13812345678,13912345678"), "138****5678,139****5678");
        assert_eq!(mask("电话 138 1234 5678"), "电话 138 **** 5678");
        assert_eq!(mask("139-1234-5678。"), "139-****-5678。");
        assert_eq!(mask("+86 13812345678"), "+86 138****5678");
        assert_eq!(mask("8613812345678"), "86138****5678");
        assert_eq!(mask("42092120100901123X"), "420921********123X");
        assert_eq!(mask("420921 20100901 123x"), "420921 ******** 123x");
        assert_eq!(
            mask("值班电话13812345678未接通"),
            "值班电话138****5678未接通"
        );
        // Not numbers of their own: longer digit runs, dates, counts.
        assert_eq!(mask("138123456789"), "138123456789");
        assert_eq!(mask("2026-09-01 共 1390 人"), "2026-09-01 共 1390 人");
        assert_eq!(mask_name("李"), "李*");
    }
}
