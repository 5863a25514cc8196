//! How numbers print, in every output: a whole number without decimals
//! (`125`, not `125.0`), others without trailing zeros (`4.5`), at most
//! six decimals.

/// The one rule: `3`, `4.5`, `86.7`.
pub fn plain(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        let s = format!("{n:.6}");
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    }
}

/// Rounded to `digits` decimals first: scores print with two
/// (`rounded(86.666, 2)` → `86.67`).
pub fn rounded(n: f64, digits: i32) -> f64 {
    let f = 10f64.powi(digits);
    (n * f).round() / f
}

/// Whether `n` is a whole number that prints (and is passed to templates
/// and expressions) as an integer.
pub fn is_whole(n: f64) -> bool {
    n.fract() == 0.0 && n.abs() < 1e15
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_numbers_print_without_decimals_and_others_without_trailing_zeros() {
        assert_eq!(plain(125.0), "125");
        assert_eq!(plain(-3.0), "-3");
        assert_eq!(plain(4.5), "4.5");
        assert_eq!(plain(0.1 + 0.2), "0.3");
        assert_eq!(plain(rounded(86.666, 2)), "86.67");
        assert_eq!(plain(1e20), "100000000000000000000");
        assert!(is_whole(7.0) && !is_whole(7.5) && !is_whole(1e16));
    }
}
