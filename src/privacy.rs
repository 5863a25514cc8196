//! Masking of personal data in everything ducha writes: mobile and
//! landline numbers (138****5678), ID card numbers (420921********1234),
//! and with `--redact` children's names (张**).

use regex::Regex;
use std::sync::OnceLock;

fn patterns() -> &'static [Regex; 3] {
    static P: OnceLock<[Regex; 3]> = OnceLock::new();
    P.get_or_init(|| {
        [
            // ID card: 17 digits and a digit or X, not inside a longer number.
            Regex::new(r"(^|[^0-9])(\d{6})\d{8}(\d{3}[0-9Xx])($|[^0-9])").expect("id regex"),
            // Mobile: 1[3-9] and 9 digits.
            Regex::new(r"(^|[^0-9])(1[3-9]\d)\d{4}(\d{4})($|[^0-9])").expect("mobile regex"),
            // Landline with area code: 0xx(x)-xxxxxxx(x).
            Regex::new(r"(^|[^0-9])(0\d{2,3}-?)\d{3,4}(\d{4})($|[^0-9])").expect("landline regex"),
        ]
    })
}

/// Masks phone and ID numbers in a text.
pub fn mask(text: &str) -> String {
    // Every pattern needs seven digits in a row (a landline's number after
    // its area code is the shortest); most texts have none, and the
    // regexes, which capture, are the slow part of building a report.
    if !text.bytes().any(|b| b.is_ascii_digit()) || !digit_run(text, 7) {
        return text.to_string();
    }
    let [id, mobile, landline] = patterns();
    let s = id.replace_all(text, "${1}${2}********${3}${4}");
    let s = mobile.replace_all(&s, "${1}${2}****${3}${4}");
    let s = landline.replace_all(&s, "${1}${2}****${3}${4}");
    s.into_owned()
}

/// Whether `text` has `n` digits in a row (any script's digits, as the
/// patterns' `\d` matches them).
fn digit_run(text: &str, n: usize) -> bool {
    let mut run = 0;
    for c in text.chars() {
        if c.is_numeric() {
            run += 1;
            if run >= n {
                return true;
            }
        } else {
            run = 0;
        }
    }
    false
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
    use super::*;

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
        assert_eq!(mask_name("李"), "李*");
    }
}
